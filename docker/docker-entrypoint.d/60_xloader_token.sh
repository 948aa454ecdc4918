# Sourced by the base image's start_ckan.sh after 50_satudata.sh: gives ckanext-xloader the API
# token it needs (ckanext.xloader.api_token, a token of the site user: the loads read private
# uploads and report back through the xloader_hook action). Made once per container: the token
# stays in this container's $CKAN_INI across restarts; a new container gets a new one, and
# `ckan satudata previews-token` revokes the earlier ones it made.
if grep -Eq '^ckanext\.xloader\.api_token *= *[^ N]' "${CKAN_INI}"; then
    echo "[satudata] ckanext.xloader.api_token already set"
else
    echo "[satudata] ckanext.xloader.api_token: a new token of the site user"
    if ! xloader_token=$(ckan -c "${CKAN_INI}" satudata previews-token | tail -n 1) \
            || [ -z "${xloader_token}" ]; then
        echo "[satudata] could not make the xloader token: not starting CKAN" >&2
        exit 1
    fi
    ckan config-tool "${CKAN_INI}" "ckanext.xloader.api_token = ${xloader_token}"
    unset xloader_token
fi
