# Sourced by the base image's start_ckan.sh after prerun.py (`ckan db init`, plugins, datastore
# permissions, sysadmin) and before uWSGI starts: applies ckanext-satudata's own migrations
# (alembic, ckanext/satudata/migration/satudata). Idempotent. A failure stops the container
# (restart policy: unless-stopped) instead of serving a portal whose tables are missing.
echo "[satudata] ckan db upgrade -p satudata"
if ! ckan -c "${CKAN_INI}" db upgrade -p satudata; then
    echo "[satudata] the satudata migrations failed: not starting CKAN" >&2
    exit 1
fi
