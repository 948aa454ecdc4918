#!/bin/bash
# ENTRYPOINT of the ckanext-satudata image (web, jobs worker and scheduled tasks alike).
#
# 1. Merges the portal settings (/srv/app/satudata.ini) into $CKAN_INI, so every `ckan` command
#    of every container sees the same scheming/DCAT/locale settings.
# 2. Writes the per-host values that CKAN does not read from the environment by itself:
#    the plugin list ($CKAN__PLUGINS), SECRET_KEY ($CKAN_SECRET_KEY; the WTF-CSRF and API-token
#    secrets of the generated ckan.ini derive from it) and the DCAT base URI.
#    sqlalchemy.url, solr_url, ckan.redis.url, ckan.site_url, ckan.storage_path and smtp.* are
#    read by CKAN itself from CKAN_SQLALCHEMY_URL, CKAN_SOLR_URL, ... at start-up.
# 3. Runs the command (CMD: the base image's start_ckan.sh, which initialises the database and
#    then runs /docker-entrypoint.d/*, where 50_satudata.sh applies this plugin's migrations).
set -euo pipefail

CKAN_INI="${CKAN_INI:-/srv/app/ckan.ini}"
SATUDATA_SETTINGS="${SATUDATA_SETTINGS:-/srv/app/satudata.ini}"

if [ -z "${CKAN__PLUGINS:-}" ]; then
    echo "[satudata] CKAN__PLUGINS is empty: refusing to start CKAN without its plugins" >&2
    exit 1
fi

options=("ckan.plugins = ${CKAN__PLUGINS}")
if [ -n "${CKAN_SECRET_KEY:-}" ]; then
    options+=("SECRET_KEY = ${CKAN_SECRET_KEY}")
fi
dcat_base_uri="${CKANEXT__DCAT__BASE_URI:-${CKAN_SITE_URL:-}}"
if [ -n "${dcat_base_uri}" ]; then
    options+=("ckanext.dcat.base_uri = ${dcat_base_uri}")
fi

echo "[satudata] writing ${SATUDATA_SETTINGS} and the environment's settings into ${CKAN_INI}"
ckan config-tool "${CKAN_INI}" -f "${SATUDATA_SETTINGS}" "${options[@]}"

exec "$@"
