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
#
# Before anything is written it refuses to start (exit 1, the reason on stderr) with weak secrets:
# any variable still holding the CHANGE_ME placeholder of docker/.env.example; CKAN_SECRET_KEY
# (it signs the session cookies, CSRF and API tokens) missing or shorter than 32 characters;
# other CKAN secrets set in the environment, the database passwords in CKAN_SQLALCHEMY_URL /
# CKAN_DATASTORE_*_URL, and secrets written in $CKAN_INI that do not derive from SECRET_KEY,
# shorter than 32 characters. Values are never printed.
set -euo pipefail

CKAN_INI="${CKAN_INI:-/srv/app/ckan.ini}"
SATUDATA_SETTINGS="${SATUDATA_SETTINGS:-/srv/app/satudata.ini}"

if [ -z "${CKAN__PLUGINS:-}" ]; then
    echo "[satudata] CKAN__PLUGINS is empty: refusing to start CKAN without its plugins" >&2
    exit 1
fi

MIN_SECRET_LENGTH=32
PLACEHOLDER=CHANGE_ME
HINT="generate one with: python3 -c 'import secrets; print(secrets.token_hex(32))'"
INI_SECRETS='WTF_CSRF_SECRET_KEY|api_token\.jwt\.(en|de)code\.secret|beaker\.session\.secret'
weak=()

check_strength() { # what (for the message), value
    local what=$1 value=${2#string:}
    if [ -z "$value" ]; then
        weak+=("$what is empty; set it in docker/.env ($HINT)")
    elif [ "${#value}" -lt "$MIN_SECRET_LENGTH" ]; then
        weak+=("$what has ${#value} characters, at least $MIN_SECRET_LENGTH are required ($HINT)")
    fi
}
url_password() { # the password of scheme://user:password@host/..., empty if none
    local rest=${1#*://}
    rest=${rest%%@*}
    case "$1" in *://*:*@*) echo "${rest#*:}" ;; *) echo "" ;; esac
}

# 1. the placeholder anywhere (an unedited copy of .env.example: secrets, passwords, URLs)
for name in $(compgen -e); do
    case "${!name-}" in *"$PLACEHOLDER"*)
        weak+=("$name still holds the placeholder $PLACEHOLDER of docker/.env.example ($HINT)") ;;
    esac
done
if [ ${#weak[@]} -eq 0 ]; then
    # 2. the signing secret, and any other CKAN secret given through the environment
    check_strength CKAN_SECRET_KEY "${CKAN_SECRET_KEY:-}"
    for name in $(compgen -e); do
        case "$name" in
            CKAN_SECRET_KEY) ;;
            CKAN*SECRET*) check_strength "$name" "${!name-}" ;;
        esac
    done
    # 3. database passwords
    for name in CKAN_SQLALCHEMY_URL CKAN_DATASTORE_WRITE_URL CKAN_DATASTORE_READ_URL; do
        [ -n "${!name:-}" ] || continue
        check_strength "the database password in $name" "$(url_password "${!name}")"
    done
    # 4. secrets fixed in ckan.ini itself (the base image derives them from SECRET_KEY)
    if [ -f "$CKAN_INI" ]; then
        while IFS= read -r line; do
            key=${line%%=*}; key=${key%"${key##*[![:space:]]}"}
            value=${line#*=}; value=${value#"${value%%[![:space:]]*}"}
            case "$value" in *"%(SECRET_KEY)s"*|file:*) continue ;; esac
            check_strength "$key in $CKAN_INI" "$value"
        done < <(grep -E "^(${INI_SECRETS})[[:space:]]*=" "$CKAN_INI" || true)
    fi
fi
if [ ${#weak[@]} -gt 0 ]; then
    for reason in "${weak[@]}"; do echo "[satudata] refusing to start: $reason" >&2; done
    exit 1
fi

options=("ckan.plugins = ${CKAN__PLUGINS}" "SECRET_KEY = ${CKAN_SECRET_KEY}")
dcat_base_uri="${CKANEXT__DCAT__BASE_URI:-${CKAN_SITE_URL:-}}"
if [ -n "${dcat_base_uri}" ]; then
    options+=("ckanext.dcat.base_uri = ${dcat_base_uri}")
fi

echo "[satudata] writing ${SATUDATA_SETTINGS} and the environment's settings into ${CKAN_INI}"
ckan config-tool "${CKAN_INI}" -f "${SATUDATA_SETTINGS}" "${options[@]}"

exec "$@"
