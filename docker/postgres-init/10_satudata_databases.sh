#!/bin/bash
# Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d).
# Creates the portal's role and database, and the DataStore database with its read-only role,
# following ckan-docker's layout: CKAN's role owns both databases; `ckan datastore
# set-permissions` (run by the ckan container's prerun.py) then grants the read-only role.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set=ckan_user="$CKAN_DB_USER" --set=ckan_password="$CKAN_DB_PASSWORD" \
    --set=ckan_db="$CKAN_DB" \
    --set=ro_user="$DATASTORE_READONLY_USER" --set=ro_password="$DATASTORE_READONLY_PASSWORD" \
    --set=datastore_db="$DATASTORE_DB" <<'EOSQL'
CREATE ROLE :"ckan_user" NOSUPERUSER CREATEDB CREATEROLE LOGIN PASSWORD :'ckan_password';
CREATE DATABASE :"ckan_db" OWNER :"ckan_user" ENCODING 'utf-8';
CREATE ROLE :"ro_user" NOSUPERUSER NOCREATEDB NOCREATEROLE LOGIN PASSWORD :'ro_password';
CREATE DATABASE :"datastore_db" OWNER :"ckan_user" ENCODING 'utf-8';
EOSQL
