#!/usr/bin/env bash
# The service's own role and database, for deploy/compose.yaml: mounted into the postgres image's
# /docker-entrypoint-initdb.d, which runs it once, when the data volume is empty, as the image's superuser (postgres)
# over the local socket. The service then connects as `gobiernoabierto`, which owns its database and is not a superuser
# (README, "Configuración de producción"). Same SQL as the Patroni cluster's (deploy/failover/create-app-database.sql).
# Needs APP_DB_PASSWORD_FILE (a compose secret, /run/secrets/app_db_password) or APP_DB_PASSWORD in its environment.
if [ -n "${APP_DB_PASSWORD_FILE:-}" ]; then APP_DB_PASSWORD=$(<"$APP_DB_PASSWORD_FILE"); fi
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres -X -q \
  -v app_password="${APP_DB_PASSWORD:?set APP_DB_PASSWORD}" -f "${APP_DATABASE_SQL:-/create-app-database.sql}"
