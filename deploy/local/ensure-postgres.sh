#!/usr/bin/env bash
# Makes sure a local PostgreSQL answers on 127.0.0.1:5432 with the development role and database,
# installing Debian's package and starting its cluster when needed. Idempotent: run it as often as you like.
#
#   export GOBIERNOABIERTO_PG="$(deploy/local/ensure-postgres.sh)"   # prints an Npgsql connection string
#   GA_DB_NAME=other deploy/local/ensure-postgres.sh                    # same, for another database
#   GA_DB_NAME=other deploy/local/ensure-postgres.sh --fresh            # drop and recreate that database first
#
# Progress goes to stderr; stdout carries only the connection string.
# Settings (environment): PGPORT_LOCAL (5432), GA_DB_USER (gobiernoabierto), GA_DB_PASSWORD (gobiernoabierto_dev),
# GA_DB_NAME (gobiernoabierto). These are development credentials for a loopback-only server; never reuse them.
set -euo pipefail

port="${PGPORT_LOCAL:-5432}"
db_user="${GA_DB_USER:-gobiernoabierto}"
db_password="${GA_DB_PASSWORD:-gobiernoabierto_dev}"
db_name="${GA_DB_NAME:-gobiernoabierto}"
fresh=false
[ "${1:-}" = "--fresh" ] && fresh=true

say() { printf '[postgres] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  say "Se necesita root (o sudo) para instalar/iniciar PostgreSQL. / Root or sudo is needed to install or start PostgreSQL."; exit 1; fi; }
as_postgres() { as_root runuser -u postgres -- "$@"; }

# The comment this script leaves on the role it makes; a role without it is someone else's.
marker='development role of GobiernoAbierto (deploy/local/ensure-postgres.sh)'

# The role is this script's: it carries the marker, or the development password already opens it (made before the marker).
role_is_ours() {
  as_postgres psql -p "$port" -tAc "select shobj_description(oid, 'pg_authid') from pg_roles where rolname = '$db_user'" | grep -qF "$marker" \
    || PGPASSWORD="$db_password" psql -h 127.0.0.1 -p "$port" -U "$db_user" -d postgres -tAc 'select 1' >/dev/null 2>&1
}

can_login() {
  PGPASSWORD="$db_password" psql -h 127.0.0.1 -p "$port" -U "$db_user" -d "$db_name" -tAc 'select 1' >/dev/null 2>&1
}

# Tools print to stdout as well (pg_ctlcluster says "Removed stale pid file." after an unclean shutdown), and that
# would land inside the caller's connection string. So everything runs with stdout sent to stderr; bash keeps the
# real stdout on a close-on-exec descriptor, so the PostgreSQL server started here does not hold the caller's pipe.
prepare() {
  if ! command -v psql >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    say "PostgreSQL no está instalado: instalando el paquete de Debian (apt-get install postgresql)..."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi

  if $fresh && can_login; then
    say "Borrando la base $db_name para empezar de cero..."
    PGPASSWORD="$db_password" dropdb -h 127.0.0.1 -p "$port" -U "$db_user" --if-exists "$db_name"
  fi

  if ! can_login; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
    if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -q "^$version main$"; then
      say "Creando el clúster $version/main..."
      as_root pg_createcluster "$version" main --port "$port" >/dev/null
    fi
    if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
      say "Iniciando PostgreSQL $version (pg_ctlcluster $version main start)..."
      as_root pg_ctlcluster "$version" main start
    fi
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$port" -q && break; sleep 1; done
    pg_isready -h 127.0.0.1 -p "$port" -q || { say "PostgreSQL no respondió en 127.0.0.1:$port; revise /var/log/postgresql/."; exit 1; }

    # A role of that name this script did not make (production's, on a shared host) is never changed: giving it the
    # public development password would hand it to anyone and cut off whatever uses it. Only a role with the marker is
    # altered; one the development password already opens (made before the marker) is used as it is.
    if as_postgres psql -p "$port" -tAc "select 1 from pg_roles where rolname = '$db_user'" | grep -q 1 && ! role_is_ours; then
      say "El rol $db_user ya existe en este PostgreSQL, no lo creó este script y la contraseña de desarrollo no lo abre: no se cambia."
      say "Use otro rol para desarrollo: GA_DB_USER=otro_rol."
      exit 1
    fi
    as_postgres psql -p "$port" -v ON_ERROR_STOP=1 -q <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$db_user') THEN
    CREATE ROLE $db_user LOGIN CREATEDB PASSWORD '$db_password';
    COMMENT ON ROLE $db_user IS '$marker';
  ELSIF shobj_description((SELECT oid FROM pg_roles WHERE rolname = '$db_user'), 'pg_authid') = '$marker' THEN
    ALTER ROLE $db_user LOGIN CREATEDB PASSWORD '$db_password';
  END IF;
END \$\$;
SQL
    if ! as_postgres psql -p "$port" -tAc "select 1 from pg_database where datname='$db_name'" | grep -q 1; then
      as_postgres createdb -p "$port" -O "$db_user" "$db_name"
    fi
    can_login || { say "No fue posible entrar como $db_user en 127.0.0.1:$port."; exit 1; }
    say "PostgreSQL listo en 127.0.0.1:$port (base $db_name, usuario $db_user)."
  fi
}
prepare >&2

echo "Host=127.0.0.1;Port=$port;Database=$db_name;Username=$db_user;Password=$db_password"
