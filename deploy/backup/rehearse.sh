#!/usr/bin/env bash
# Backup and point-in-time recovery rehearsal, on this one machine, loopback only (deploy/backup/README.md):
#   a PostgreSQL 15 whose WAL pgBackRest archives, a full backup before the vote and an incremental one during it;
#   ballots from concurrent clients; mid-vote, an operator's mistake that failover cannot undo (the standby would
#   replay it): DROP TABLE of the participations. The operator stops the service, finds the mistake's transaction in
#   the WAL, has pgBackRest restore the database to the transaction just before it, and starts the service again. The
#   clients keep retrying what was not acknowledged; then the Jornada is closed and checked as the failover rehearsal
#   checks it, archiving is checked again on the restored database's new timeline, and a full backup follows.
#   Prints: acknowledged, lost, doubled, seconds without service, and the backups' and restore's figures.
#
#   deploy/backup/rehearse.sh                                   # as root; 90 s of load, the mistake 30 s in, 6 clients
#   DURATION=60 MISTAKE_AFTER=20 CLIENTS=4 deploy/backup/rehearse.sh
#
# Everything lives under $BACKUP_DIR (/var/tmp/gobiernoabierto-backup), wiped at the start of every run; every process
# it starts is stopped when it ends, however it ends. It never touches the PostgreSQL on 127.0.0.1:5432.
# Exit code 0 only when nothing acknowledged was lost or doubled, the chain verifies and the async daemon caught up.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
here="$repo/deploy/backup"

base="${BACKUP_DIR:-/var/tmp/gobiernoabierto-backup}"
publish="${BACKUP_PUBLISH_DIR:-/var/tmp/gobiernoabierto-backup-publish}"
duration="${DURATION:-90}"           # seconds of new ballots
mistake_after="${MISTAKE_AFTER:-30}" # seconds into the load when the table is dropped
clients="${CLIENTS:-6}"              # concurrent voting clients
grace="${GRACE:-60}"                 # seconds a client keeps retrying an unacknowledged ballot after the load ends
noticed_after="${NOTICED_AFTER:-5}"  # seconds before the operator stops the service
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"
pg_port=26432 svc_port=26080        # away from 5432, the project's 5080-5099 and the failover rehearsal's 25xxx

# shellcheck source=../rehearsal-processes.sh
source "$repo/deploy/rehearsal-processes.sh"
# shellcheck source=pgbackrest-steps.sh
source "$here/pgbackrest-steps.sh"
[ "$(id -u)" -eq 0 ] || die "run as root: it installs Debian packages and runs PostgreSQL as the postgres user"
[ "$duration" -gt "$mistake_after" ] || die "MISTAKE_AFTER ($mistake_after) must be less than DURATION ($duration)"
case "$base" in /?*/?*) ;; *) die "BACKUP_DIR must be an absolute path at least two levels deep (it is wiped): $base" ;; esac

data="$base/pg/data"
socket="$base/pg/socket"
conf="$base/pgbackrest.conf"
as_postgres() { runuser -u postgres -- "$@"; }
pgbackrest_() { as_postgres pgbackrest --config="$conf" --config-include-path="$base/conf.d" --stanza=gobiernoabierto "$@"; }
superuser_sql() { as_postgres psql -h "$socket" -p "$pg_port" -U postgres -d gobiernoabierto -XtAq -v ON_ERROR_STOP=1 -c "$1"; }
postgres_running() { [ -f "$data/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }
stop_postgres() { if postgres_running; then as_postgres "$pg_bin/pg_ctl" -D "$data" stop -m fast -w -t 60 >/dev/null; fi; }
start_postgres() { as_postgres "$pg_bin/pg_ctl" -D "$data" -l "$base/logs/postgresql.log" start -w -t 120 >/dev/null; }
stop_all() {
  [ -d "$base/run" ] || return 0
  stop svc 20; stop load 5
  stop_postgres || true
}

# ------------------------------------------------------------------------------------------------ 1. machine
install_missing "$pg_bin/postgres:postgresql-15" pgbackrest:pgbackrest

stop_all
rm -rf "$base"
mkdir -p "$base/run" "$base/logs" "$base/pg" "$base/repo" "$base/spool"
mkdir -p "$base/logs/pgbackrest"
ports_free $pg_port $svc_port

publish_service
app_pw=$(openssl rand -hex 24)
staff_token=$(openssl rand -hex 32)
voter_secret=$(openssl rand -base64 32)
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

# ------------------------------------------------------------------------------------------------ 2. PostgreSQL + pgBackRest
# The repository's pgbackrest.conf with this run's paths and port; the passphrase of its own in conf.d, as in production.
write_pgbackrest_conf "$conf" "$(printf 'pg1-path=%s\npg1-port=%s\npg1-socket-path=%s\nlock-path=%s' "$data" "$pg_port" "$socket" "$base/run/pgbackrest-lock")"
chown -R postgres:postgres "$base/pg" "$base/logs" "$base/run"
mkdir -p "$socket"; chown postgres:postgres "$socket"

say "PostgreSQL 15 on 127.0.0.1:$pg_port, its WAL archived by pgBackRest (archive_mode on)"
as_postgres "$pg_bin/initdb" -D "$data" -U postgres --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
  >"$base/logs/initdb.log" 2>&1 || { cat "$base/logs/initdb.log" >&2; die "initdb failed"; }
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$socket'
wal_level = replica
archive_mode = on
archive_command = 'pgbackrest --config=$conf --config-include-path=$base/conf.d --stanza=gobiernoabierto archive-push %p'
archive_timeout = 60
max_connections = 60
EOF
start_postgres
as_postgres psql -h "$socket" -p "$pg_port" -U postgres -d postgres -X -q -v app_password="$app_pw" \
  -f "$repo/deploy/failover/create-app-database.sql" >/dev/null
pgbackrest_ stanza-create >"$base/logs/stanza-create.log" 2>&1 || { cat "$base/logs/stanza-create.log" >&2; die "stanza-create failed"; }
pgbackrest_ check >"$base/logs/check.log" 2>&1 || { cat "$base/logs/check.log" >&2; die "pgbackrest check failed: is the WAL archived?"; }

# ------------------------------------------------------------------------------------------------ 3. service
app_conn="Host=127.0.0.1;Port=$pg_port;Database=gobiernoabierto;Username=gobiernoabierto;Password=$app_pw"
start_service() {
  start_bg svc "--urls http://127.0.0.1:$svc_port" "$base/logs/svc.log" bash -c 'cd "$0" && exec "$@"' "$publish" env \
    ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__GobiernoAbierto="$app_conn;Timeout=5;Command Timeout=30;Maximum Pool Size=40;GSS Encryption Mode=Disable" \
    Marten__Schema=gobiernoabierto \
    Voting__VoterKeySecret="$voter_secret" \
    Auth__Keys__0__Name="Personal municipal (ensayo)" Auth__Keys__0__Role=staff Auth__Keys__0__TokenSha256="$(sha "$staff_token")" \
    Hosting__PublicOrigin=https://participa.example.mx Hosting__ReverseProxy__KnownProxies=127.0.0.1 \
    Seed__LoadSample=false \
    Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss.fff " \
    dotnet "$dll" --urls "http://127.0.0.1:$svc_port"
  wait_for "the service" 120 curl -sf "http://127.0.0.1:$svc_port/health/ready"
}
say "the service on 127.0.0.1:$svc_port (creates its schema)"
start_service

say "full backup before the vote"
timed pgbackrest_ backup --type=full >"$base/logs/backup-full.log" 2>&1 || { cat "$base/logs/backup-full.log" >&2; die "full backup failed"; }
full_seconds=$(cat "$base/last-seconds")

# ------------------------------------------------------------------------------------------------ 4. load, backup, mistake
closes_in=$(( duration + grace + 10 ))
url="http://127.0.0.1:$svc_port"
python3 "$repo/deploy/failover/load.py" setup --url "$url" --staff-token "$staff_token" --closes-in "$closes_in" \
  --title "Ensayo de respaldo y recuperación" >"$base/setup.json"
jornada=$(jq -r .jornada "$base/setup.json")
closes_at=$(( $(date +%s) + closes_in ))
say "Jornada $jornada open until $(date -d "@$closes_at" +%T); $clients clients cast ballots for $duration s"
start_bg load "deploy/failover/load.py" "$base/logs/load.log" python3 "$repo/deploy/failover/load.py" load --url "$url" \
  --staff-token "$staff_token" --setup "$base/setup.json" --clients "$clients" --duration "$duration" --grace "$grace" \
  --out "$base/results.json"
read -r load_pid _ <"$base/run/load.pid"
load_started=$(date +%s)

sleep $(( mistake_after / 3 ))
say "incremental backup while ballots are being cast"
timed pgbackrest_ backup --type=incr >"$base/logs/backup-incr.log" 2>&1 || { cat "$base/logs/backup-incr.log" >&2; die "incremental backup failed"; }
incr_seconds=$(cat "$base/last-seconds")

sleep $(( load_started + mistake_after - $(date +%s) > 0 ? load_started + mistake_after - $(date +%s) : 0 ))
dropped=$(superuser_sql "select pg_relation_filepath('gobiernoabierto.participations')") # only to check what the runbook finds
[ -n "$dropped" ] || die "the participations table has no file"
mistake_at=$(date +%s.%N)
superuser_sql "drop table gobiernoabierto.participations"
say "the mistake: DROP TABLE gobiernoabierto.participations; every ballot is refused from now on"
sleep "$noticed_after"

# ------------------------------------------------------------------------------------------------ 5. recovery
say "the operator stops the service, archives the last WAL, stops PostgreSQL and finds the mistake in the WAL"
stop svc 30
# The segment holding the DROP's commit goes to the archive now; recovery must read that commit to stop before it.
wal=$(switch_and_archive_wal) || exit 1
stop_postgres
xid=$(find_mistake_xid "$wal" "$mistake_at" "$dropped") || exit 1
say "the DROP committed in transaction $xid: restoring to the transaction before it"
mv "$data" "$base/pg/data-after-mistake"
install -d -o postgres -g postgres -m 700 "$data"
restore_started=$(date +%s.%N)
pgbackrest_ restore --type=xid --target="$xid" --target-exclusive --target-action=promote >"$base/logs/restore.log" 2>&1 \
  || { cat "$base/logs/restore.log" >&2; die "restore failed"; }
start_postgres
wait_for "the restored database to finish recovery" 120 bash -c "[ \"\$(runuser -u postgres -- psql -h '$socket' -p $pg_port -U postgres -d postgres -XtAc \
  'select pg_is_in_recovery()')\" = f ]"
restore_seconds=$(awk -v t0="$restore_started" -v t1="$(date +%s.%N)" 'BEGIN { printf "%.1f", t1 - t0 }')
[ "$(superuser_sql "select to_regclass('gobiernoabierto.participations') is not null")" = t ] || die "the restored database has no participations table"
say "restored in $restore_seconds s; the service starts again"
start_service

while kill -0 "$load_pid" 2>/dev/null; do sleep 1; done
wait "$load_pid" 2>/dev/null || true
rm -f "$base/run/load.pid"
[ -s "$base/results.json" ] || { cat "$base/logs/load.log" >&2; die "the load client wrote no results"; }
tail -n 3 "$base/logs/load.log" >&2

# ------------------------------------------------------------------------------------------------ 6. close + check
now=$(date +%s)
if [ "$now" -le "$closes_at" ]; then
  say "waiting $(( closes_at - now + 1 )) s for the voting window to end, then closing the Jornada"
  sleep $(( closes_at - now + 1 ))
fi
curl -sf -o "$base/close.json" -X POST -H "Authorization: Bearer $staff_token" "$url/api/jornadas/$jornada/close" \
  || die "could not close the Jornada"
# The restored database archives on a new timeline: the archive must go on, and the backup after the close is a full one.
pgbackrest_ check >"$base/logs/check-after-restore.log" 2>&1 || { cat "$base/logs/check-after-restore.log" >&2; die "archiving did not resume after the restore"; }
timed pgbackrest_ backup --type=full >"$base/logs/backup-after.log" 2>&1 || { cat "$base/logs/backup-after.log" >&2; die "the full backup after the close failed"; }
after_seconds=$(cat "$base/last-seconds")

echo "# $(date -u +%FT%TZ), $(nproc) cores: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), pgBackRest $(pgbackrest version | awk '{print $2}'), one service instance"
echo "full backup before the vote: ${full_seconds} s; incremental backup during the vote: ${incr_seconds} s; after the restore, archiving on timeline $(superuser_sql "select timeline_id from pg_control_checkpoint()") passed pgbackrest check, and the full backup after the close took ${after_seconds} s"
pgbackrest_ info --output=json | jq -r '.[0].backup[] | "  \(.type) backup \(.label): database \(.info.size) bytes, stored \(.info.repository.delta) bytes (compressed, encrypted)"'
echo "mistake: DROP TABLE gobiernoabierto.participations; service stopped ${noticed_after} s later"
echo "restore to the transaction before the DROP's ($xid, --target-exclusive): ${restore_seconds} s until the database answered"
set +e
PGPASSWORD="$app_pw" python3 "$repo/deploy/failover/load.py" check --url "$url" --staff-token "$staff_token" \
  --jornada "$jornada" --results "$base/results.json" --kill-at "$mistake_at" --event "mistake (DROP TABLE)" \
  --psql-conn "host=127.0.0.1 port=$pg_port dbname=gobiernoabierto user=gobiernoabierto" --schema gobiernoabierto \
  --dll "$dll" --conn "${app_conn%;Password=*}" # its password from PGPASSWORD (Npgsql reads it), not from a command line ps shows
rc=$?
set -e
say "logs: $base/logs (kept until the next run)"
exit "$rc"
