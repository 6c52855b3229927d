-- The service's role and database, created once on the primary after the cluster is bootstrapped (idempotent).
--   psql -v app_password=SECRET -f deploy/failover/create-app-database.sql   (as the postgres superuser)
-- Used by deploy/failover/rehearse.sh, deploy/backup/rehearse.sh, the db-init service of deploy/compose.failover.yaml
-- and, through deploy/postgres-init/10-app-database.sh, the postgres service of deploy/compose.yaml.
\set ON_ERROR_STOP on
SELECT format('CREATE ROLE gobiernoabierto LOGIN PASSWORD %L', :'app_password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'gobiernoabierto') \gexec
SELECT format('ALTER ROLE gobiernoabierto LOGIN PASSWORD %L', :'app_password') \gexec
SELECT 'CREATE DATABASE gobiernoabierto OWNER gobiernoabierto'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'gobiernoabierto') \gexec
