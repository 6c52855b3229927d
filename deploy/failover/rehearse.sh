#!/usr/bin/env bash
# Database failover rehearsal, on this one machine, loopback only (deploy/failover/README.md):
#   etcd, three PostgreSQL 15 nodes managed by Patroni (synchronous_mode_strict), HAProxy routing the database
#   connections to Patroni's primary and balancing HTTP over two service instances (async daemon hot/cold);
#   opens a Jornada, casts ballots from concurrent clients, kill -9's the primary PostgreSQL mid-load, lets Patroni
#   promote the synchronous standby, keeps casting, closes the Jornada and checks that no acknowledged ballot was
#   lost or doubled and that the chain verifies. Prints: acknowledged, lost, doubled, seconds without service.
#
#   deploy/failover/rehearse.sh                              # as root; 75 s of load, primary killed 25 s in, 8 clients
#   DURATION=60 KILL_AFTER=20 CLIENTS=4 deploy/failover/rehearse.sh
#   FAILURE=node deploy/failover/rehearse.sh                 # the whole primary node dies (its Patroni too)
#   BACKUP=1 deploy/failover/rehearse.sh                      # and backups: see below
#
# The nodes archive their WAL with pgBackRest (patroni.yml's archive_command, an encrypted repository under
# $FAILOVER_DIR) in every run. BACKUP=1 adds deploy/backup/README.md's "With Patroni" runbook: a full backup before the
# vote, `pgbackrest check` and an incremental backup after the failover, then (MISTAKE_AFTER s into the load) a DROP TABLE
# of the participations; the operator stops the service, stops Patroni on every node, restores the last primary to the
# transaction before the DROP, removes the cluster from etcd, starts that node under Patroni, lets the others clone
# from it, and starts the service again; the clients retry under their Idempotency-Key, and the Jornada is checked.
#
# Everything lives under $FAILOVER_DIR (/var/tmp/gobiernoabierto-failover), wiped at the start of every run; every
# process it starts is stopped when it ends, however it ends. It never touches the PostgreSQL on 127.0.0.1:5432.
# Exit code 0 only when nothing acknowledged was lost or doubled, the chain verifies and the async daemon caught up.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
here="$repo/deploy/failover"

base="${FAILOVER_DIR:-/var/tmp/gobiernoabierto-failover}"
publish="${FAILOVER_PUBLISH_DIR:-/var/tmp/gobiernoabierto-failover-publish}"
duration="${DURATION:-75}"     # seconds of new ballots
kill_after="${KILL_AFTER:-25}" # seconds into the load when the primary is killed
clients="${CLIENTS:-8}"        # concurrent voting clients
grace="${GRACE:-20}"           # seconds a client keeps retrying an unacknowledged ballot after the load ends
failure="${FAILURE:-postgres}" # postgres: kill -9 the primary's PostgreSQL; node: kill -9 its Patroni too (machine lost)
backup="${BACKUP:-0}"          # 1: backups, a DROP TABLE mistake and the Patroni restore runbook (deploy/backup/README.md)
if [ "$backup" = 1 ]; then
  duration="${DURATION:-100}" kill_after="${KILL_AFTER:-15}"
  mistake_after="${MISTAKE_AFTER:-45}" # seconds into the load when the table is dropped
  noticed_after="${NOTICED_AFTER:-5}"  # seconds before the operator stops the service
  grace="${GRACE:-90}"                 # the clients keep retrying meanwhile (the restore took about a minute here)
fi
pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"

# Loopback ports, away from the developer's PostgreSQL on 5432 and the project's usual 5080-5099.
etcd_port=23790 etcd_peer_port=23800
nodes=(pg1 pg2 pg3) pg_ports=(25433 25434 25435) rest_ports=(28008 28009 28010)
db_port=25000 lb_port=25080 svc_ports=(25081 25082) stats_port=27000

# shellcheck source=../rehearsal-processes.sh
source "$repo/deploy/rehearsal-processes.sh"
# shellcheck source=../backup/pgbackrest-steps.sh
source "$repo/deploy/backup/pgbackrest-steps.sh"
[ "$(id -u)" -eq 0 ] || die "run as root: it installs Debian packages and runs PostgreSQL as the postgres user"
[ "$duration" -gt "$kill_after" ] || die "KILL_AFTER ($kill_after) must be less than DURATION ($duration)"
case "$failure" in postgres|node) ;; *) die "FAILURE is postgres or node, not $failure" ;; esac
case "$backup" in 0|1) ;; *) die "BACKUP is 0 or 1, not $backup" ;; esac
if [ "$backup" = 1 ] && ! { [ "$mistake_after" -gt "$kill_after" ] && [ "$duration" -gt "$mistake_after" ]; }; then
  die "BACKUP=1 needs KILL_AFTER < MISTAKE_AFTER < DURATION"
fi
case "$base" in /?*/?*) ;; *) die "FAILOVER_DIR must be an absolute path at least two levels deep (it is wiped): $base" ;; esac

stop_postgres() { # node: a PostgreSQL left running by a Patroni that died (e.g. SIGKILL) is stopped by its data dir
  local data="$base/$1/data" pid
  [ -d "$data" ] || return 0
  [ -f "$data/postmaster.pid" ] || return 0
  pid=$(head -n1 "$data/postmaster.pid")
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$data"; then
    say "stopping PostgreSQL of $1 left behind by its Patroni"
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$data" stop -m immediate -w -t 20 >/dev/null 2>&1 || kill -KILL "$pid" 2>/dev/null || true
  fi
}
stop_cluster() { # every Patroni node, then any PostgreSQL left behind
  # Replicas first, the leader last: stopping the leader first would only make Patroni fail over to a replica.
  local leader="" i
  for i in 0 1 2; do curl -sf --max-time 1 -o /dev/null "http://127.0.0.1:${rest_ports[$i]}/primary" 2>/dev/null && leader=${nodes[$i]}; done
  for n in "${nodes[@]}"; do [ "$n" = "$leader" ] || stop "patroni-$n" 30; done
  [ -z "$leader" ] || stop "patroni-$leader" 30
  for n in "${nodes[@]}"; do stop_postgres "$n"; done
}
stop_all() {
  [ -d "$base/run" ] || return 0
  stop svc1 20; stop svc2 20; stop haproxy 5
  stop_cluster
  stop etcd 10
  stop load 5
}

# ------------------------------------------------------------------------------------------------ 1. machine
install_missing patroni:patroni etcd:etcd-server haproxy:haproxy "$pg_bin/postgres:postgresql-15" pgbackrest:pgbackrest

# A previous run that was killed before its trap ran may have left processes: stop them, then start from scratch.
stop_all
rm -rf "$base"
mkdir -p "$base/run" "$base/logs"

ports_free $etcd_port $etcd_peer_port "${pg_ports[@]}" "${rest_ports[@]}" $db_port $lb_port "${svc_ports[@]}" $stats_port

publish_service

secret() { openssl rand -hex 24; }
su_pw=$(secret) repl_pw=$(secret) rewind_pw=$(secret) app_pw=$(secret)
staff_token=$(openssl rand -hex 32)
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

# ------------------------------------------------------------------------------------------------ 2. pgBackRest
# deploy/backup/pgbackrest.conf with this run's paths: the nodes' file names no PostgreSQL (each node's Patroni gets
# its own pg1-path, port, spool, lock and log paths as PGBACKREST_* variables, which its PostgreSQL inherits and
# patroni.yml's archive_command and restore_command read; in production each node's /etc/pgbackrest/pgbackrest.conf
# says it). The repository host's file (backups, check, info) lists the three nodes: pgBackRest finds the primary.
as_postgres() { runuser -u postgres -- "$@"; }
socket=/var/run/postgresql # Debian's PostgreSQL default; the ports tell the nodes apart
write_pgbackrest_conf "$base/pgbackrest-node.conf" ""
write_pgbackrest_conf "$base/pgbackrest-repo.conf" "$(for i in 0 1 2; do
  printf 'pg%s-path=%s\npg%s-port=%s\npg%s-socket-path=%s\n' $(( i + 1 )) "$base/${nodes[$i]}/data" $(( i + 1 )) "${pg_ports[$i]}" $(( i + 1 )) "$socket"
done; printf 'lock-path=%s' "$base/run/pgbackrest-lock")"
chown postgres:postgres "$base/run" "$base/logs"
pgbackrest_() { as_postgres pgbackrest --config="$base/pgbackrest-repo.conf" --config-include-path="$base/conf.d" --stanza=gobiernoabierto "$@"; }
node_pgbackrest_env() { # index -> the node's PGBACKREST_* variables, for env
  local n=${nodes[$1]}
  echo PGBACKREST_CONFIG="$base/pgbackrest-node.conf" PGBACKREST_CONFIG_INCLUDE_PATH="$base/conf.d" \
    PGBACKREST_PG1_PATH="$base/$n/data" PGBACKREST_PG1_PORT="${pg_ports[$1]}" PGBACKREST_PG1_SOCKET_PATH="$socket" \
    PGBACKREST_SPOOL_PATH="$base/$n/pgbackrest-spool" PGBACKREST_LOCK_PATH="$base/$n/pgbackrest-lock" \
    PGBACKREST_LOG_PATH="$base/logs/pgbackrest-$n"
}
sql_node=0 # superuser_sql asks the node of this index (the primary)
superuser_sql() { as_postgres psql -h "$socket" -p "${pg_ports[$sql_node]}" -U postgres -d gobiernoabierto -XtAq -v ON_ERROR_STOP=1 -c "$1"; }

# ------------------------------------------------------------------------------------------------ 3. etcd
say "etcd on 127.0.0.1:$etcd_port"
start_bg etcd "$base/etcd" "$base/logs/etcd.log" etcd --name ga-failover --data-dir "$base/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
  --initial-cluster "ga-failover=http://127.0.0.1:$etcd_peer_port" --initial-cluster-token ga-failover --initial-cluster-state new
wait_for etcd 30 curl -sf "http://127.0.0.1:$etcd_port/health"

# ------------------------------------------------------------------------------------------------ 4. Patroni
cp "$here/patroni.yml" "$base/patroni.yml" # readable by the postgres user wherever the repository is
chmod 644 "$base/patroni.yml"
start_node() { # index: the shared patroni.yml, plus this node's settings in Patroni's environment variables
  local i=$1 n=${nodes[$1]} dir="$base/${nodes[$1]}"
  mkdir -p "$dir" "$base/logs/pgbackrest-$n"
  chown postgres:postgres "$dir" "$base/logs/pgbackrest-$n"
  rm -f "$dir/patroni.pid"
  # exec keeps the pid: the pid file names Patroni itself, not runuser or bash.
  # shellcheck disable=SC2046
  runuser -u postgres -- env $(node_pgbackrest_env "$i") \
    PATRONI_NAME="$n" \
    PATRONI_RESTAPI_LISTEN="127.0.0.1:${rest_ports[$i]}" PATRONI_RESTAPI_CONNECT_ADDRESS="127.0.0.1:${rest_ports[$i]}" \
    PATRONI_ETCD3_HOSTS="127.0.0.1:$etcd_port" \
    PATRONI_POSTGRESQL_LISTEN="127.0.0.1:${pg_ports[$i]}" PATRONI_POSTGRESQL_CONNECT_ADDRESS="127.0.0.1:${pg_ports[$i]}" \
    PATRONI_POSTGRESQL_DATA_DIR="$dir/data" PATRONI_POSTGRESQL_BIN_DIR="$pg_bin" PATRONI_POSTGRESQL_PGPASS="$dir/pgpass" \
    PATRONI_SUPERUSER_PASSWORD="$su_pw" PATRONI_REPLICATION_PASSWORD="$repl_pw" PATRONI_REWIND_PASSWORD="$rewind_pw" \
    bash -c 'echo "$$ $2" >"$1/patroni.pid"; exec patroni "$2"' _ "$dir" "$base/patroni.yml" \
    >"$base/logs/patroni-$n.log" 2>&1 &
  for _ in $(seq 1 20); do [ -s "$dir/patroni.pid" ] && break; sleep 0.1; done
  cp "$dir/patroni.pid" "$base/run/patroni-$n.pid"
}
cluster() { curl -sf --max-time 2 "http://127.0.0.1:${rest_ports[$1]}/cluster"; }
any_cluster() { for i in 0 1 2; do cluster "$i" && return 0; done; return 1; }
cluster_healthy() { # leader running, one synchronous standby and one more replica streaming
  any_cluster | jq -e '([.members[] | select(.role == "leader" and .state == "running")] | length == 1)
    and ([.members[] | select(.role == "sync_standby" and (.state == "running" or .state == "streaming"))] | length == 1)
    and ([.members[] | select(.role == "replica" and (.state == "running" or .state == "streaming"))] | length == 1)' >/dev/null
}
primary_index() { for i in 0 1 2; do curl -sf --max-time 1 -o /dev/null "http://127.0.0.1:${rest_ports[$i]}/primary" && { echo "$i"; return 0; }; done; return 1; }

say "Patroni node pg1 bootstraps the cluster (PostgreSQL on ${pg_ports[0]}, REST on ${rest_ports[0]})"
start_node 0
wait_for "pg1 as primary" 90 curl -sf "http://127.0.0.1:${rest_ports[0]}/primary"
say "Patroni nodes pg2 and pg3 clone it and stream from it"
start_node 1
start_node 2
wait_for "a synchronous standby and a replica" 120 cluster_healthy
any_cluster | jq -r '.members[] | "  \(.name) \(.role) \(.state) port \(.port)"' >&2

sql_node=$(primary_index)
leader_port=${pg_ports[$sql_node]}
PGPASSWORD="$su_pw" psql -h 127.0.0.1 -p "$leader_port" -U postgres -d postgres -X -q \
  -v app_password="$app_pw" -f "$here/create-app-database.sql" >/dev/null
say "pgBackRest: stanza created; pgbackrest check (a WAL segment from the primary reaches the encrypted repository)"
pgbackrest_ stanza-create >"$base/logs/stanza-create.log" 2>&1 || { cat "$base/logs/stanza-create.log" >&2; die "stanza-create failed"; }
pgbackrest_ check >"$base/logs/check.log" 2>&1 || { cat "$base/logs/check.log" >&2; die "pgbackrest check failed: is the WAL archived?"; }

# ------------------------------------------------------------------------------------------------ 5. HAProxy
export DB_BIND="127.0.0.1:$db_port" LB_BIND="127.0.0.1:$lb_port" STATS_BIND="127.0.0.1:$stats_port" \
  PG1_ADDR="127.0.0.1:${pg_ports[0]}" PG2_ADDR="127.0.0.1:${pg_ports[1]}" PG3_ADDR="127.0.0.1:${pg_ports[2]}" \
  PG1_REST_PORT="${rest_ports[0]}" PG2_REST_PORT="${rest_ports[1]}" PG3_REST_PORT="${rest_ports[2]}" \
  SVC1_ADDR="127.0.0.1:${svc_ports[0]}" SVC2_ADDR="127.0.0.1:${svc_ports[1]}"
cp "$here/haproxy.cfg" "$base/haproxy.cfg"
haproxy -c -q -f "$base/haproxy.cfg" || die "haproxy.cfg does not validate"
say "HAProxy: database router on 127.0.0.1:$db_port, load balancer on 127.0.0.1:$lb_port, stats on 127.0.0.1:$stats_port"
start_bg haproxy "$base/haproxy.cfg" "$base/logs/haproxy.log" haproxy -db -f "$base/haproxy.cfg"
app_conn="Host=127.0.0.1;Port=$db_port;Database=gobiernoabierto;Username=gobiernoabierto;Password=$app_pw"
wait_for "the database through HAProxy" 30 env PGPASSWORD="$app_pw" psql -h 127.0.0.1 -p $db_port -U gobiernoabierto -d gobiernoabierto -XtAc 'select 1'

# ------------------------------------------------------------------------------------------------ 6. service
start_service() { # index
  local name="svc$(( $1 + 1 ))" port=${svc_ports[$1]}
  # Run from the publish directory, as the image does (WORKDIR /app): ASP.NET Core takes appsettings.json and wwwroot
  # from the current directory, so `dotnet /elsewhere/GobiernoAbierto.dll` would silently run without them.
  start_bg "$name" "--urls http://127.0.0.1:$port" "$base/logs/$name.log" bash -c 'cd "$0" && exec "$@"' "$publish" env \
    ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__GobiernoAbierto="$app_conn;Timeout=5;Command Timeout=30;Maximum Pool Size=40;GSS Encryption Mode=Disable" \
    Marten__Schema=gobiernoabierto Marten__DaemonMode=HotCold \
    Voting__VoterKeySecret="$voter_secret" \
    Auth__Keys__0__Name="Personal municipal (ensayo)" Auth__Keys__0__Role=staff Auth__Keys__0__TokenSha256="$(sha "$staff_token")" \
    Hosting__PublicOrigin=https://participa.example.mx Hosting__ReverseProxy__KnownProxies=127.0.0.1 \
    Seed__LoadSample=false \
    Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__TimestampFormat="HH:mm:ss.fff " \
    dotnet "$dll" --urls "http://127.0.0.1:$port"
  wait_for "$name" 120 curl -sf "http://127.0.0.1:$port/health/ready"
}
voter_secret=$(openssl rand -base64 32)
say "service instance 1 on 127.0.0.1:${svc_ports[0]} (creates the schema), then instance 2 on 127.0.0.1:${svc_ports[1]}"
start_service 0
start_service 1
wait_for "the load balancer" 30 curl -sf "http://127.0.0.1:$lb_port/health/ready"
if [ "$backup" = 1 ]; then
  say "full backup before the vote (from the primary, ${nodes[$sql_node]})"
  timed pgbackrest_ backup --type=full >"$base/logs/backup-full.log" 2>&1 || { cat "$base/logs/backup-full.log" >&2; die "full backup failed"; }
  full_seconds=$(cat "$base/last-seconds") full_from=${nodes[$sql_node]}
fi

# ------------------------------------------------------------------------------------------------ 7. load + kill
closes_in=$(( duration + grace + 10 ))
python3 "$here/load.py" setup --url "http://127.0.0.1:$lb_port" --staff-token "$staff_token" --closes-in "$closes_in" >"$base/setup.json"
jornada=$(jq -r .jornada "$base/setup.json")
closes_at=$(( $(date +%s) + closes_in ))
say "Jornada $jornada open until $(date -d "@$closes_at" +%T), two kiosks; $clients clients cast ballots for $duration s"

start_bg load "$here/load.py" "$base/logs/load.log" python3 "$here/load.py" load --url "http://127.0.0.1:$lb_port" \
  --staff-token "$staff_token" --setup "$base/setup.json" --clients "$clients" --duration "$duration" --grace "$grace" \
  --out "$base/results.json"
read -r load_pid _ <"$base/run/load.pid"
load_started=$(date +%s)
sleep "$kill_after"

victim=$(primary_index) || die "no primary before the kill"
victim_name=${nodes[$victim]}
postmaster=$(head -n1 "$base/$victim_name/data/postmaster.pid")
if [ "$failure" = node ]; then
  # The whole node dies: its Patroni first (so nothing restarts or demotes anything there), then its PostgreSQL.
  # The others wait for the leader key to expire in etcd (ttl) before the synchronous standby takes over.
  read -r patroni_pid _ <"$base/run/patroni-$victim_name.pid"
  kill -9 "$patroni_pid" "$postmaster"
  what="kill -9 of the primary node $victim_name: its Patroni ($patroni_pid) and its PostgreSQL postmaster ($postmaster)"
else
  kill -9 "$postmaster"
  what="kill -9 of the primary's PostgreSQL postmaster ($postmaster, node $victim_name; its Patroni lives on)"
fi
kill_at=$(date +%s.%N)
say "$what"

promoted=""
for _ in $(seq 1 600); do
  if i=$(primary_index) && [ "$i" != "$victim" ]; then promoted=$i; break; fi
  sleep 0.1
done
[ -n "$promoted" ] || die "no other node became primary within 60 s"
promoted_after=$(awk -v now="$(date +%s.%N)" -v k="$kill_at" 'BEGIN { printf "%.1f", now - k }')
say "${nodes[$promoted]} answers as primary on Patroni's REST API $promoted_after s after the kill"
if [ "$backup" = 1 ]; then
  source "$here/backup-restore.sh"
fi

while kill -0 "$load_pid" 2>/dev/null; do sleep 1; done
wait "$load_pid" 2>/dev/null || true
rm -f "$base/run/load.pid"
[ -s "$base/results.json" ] || { cat "$base/logs/load.log" >&2; die "the load client wrote no results"; }
tail -n 3 "$base/logs/load.log" >&2

# ------------------------------------------------------------------------------------------------ 8. close + check
now=$(date +%s)
if [ "$now" -le "$closes_at" ]; then
  say "waiting $(( closes_at - now + 1 )) s for the voting window to end, then closing the Jornada"
  sleep $(( closes_at - now + 1 ))
fi
for attempt in $(seq 1 30); do
  code=$(curl -s -o "$base/close.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $staff_token" \
    "http://127.0.0.1:$lb_port/api/jornadas/$jornada/close") || code=000
  [ "$code" = 200 ] && break
  say "close answered $code; retrying"; sleep 1
done
[ "$code" = 200 ] || die "could not close the Jornada: $(cat "$base/close.json")"

echo "# $(date -u +%FT%TZ), $(nproc) cores: etcd, 3 Patroni nodes (PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'), synchronous_mode_strict), HAProxy, 2 service instances (HotCold daemon)"
echo "$what; ${nodes[$promoted]} answered as primary on Patroni's REST API $promoted_after s later"
if [ "$backup" = 1 ]; then echo "cluster after the restore and the close:"; else echo "cluster after the failover:"; fi
PATRONI_ETCD3_HOSTS="127.0.0.1:$etcd_port" patronictl -c "$base/patroni.yml" list 2>/dev/null | sed 's/^/  /' || true
event=()
if [ "$backup" = 1 ]; then
  # The restored cluster archives on its own timeline: the archive must go on; a full backup follows the close.
  sql_node=$(primary_index) || die "no primary after the close"
  pgbackrest_ check >"$base/logs/check-after-restore.log" 2>&1 || { cat "$base/logs/check-after-restore.log" >&2; die "archiving did not resume after the restore"; }
  timed pgbackrest_ backup --type=full >"$base/logs/backup-after.log" 2>&1 || { cat "$base/logs/backup-after.log" >&2; die "the full backup after the close failed"; }
  after_seconds=$(cat "$base/last-seconds")
  echo "pgBackRest $(pgbackrest version | awk '{print $2}'), WAL archived by patroni.yml's archive_command from whichever node is primary:"
  echo "  full backup before the vote from the primary $full_from: ${full_seconds} s"
  echo "  after the failover: pgbackrest check passed on timeline $timeline_after_failover (${check_after_failover_seconds} s), incremental backup from the new primary $incr_from: ${incr_seconds} s"
  echo "mistake: DROP TABLE gobiernoabierto.participations on the primary; the operator started the runbook ${noticed_after} s later"
  echo "restore (runbook: services stopped, WAL switched and archived, Patroni stopped on 3 nodes, DROP found in the WAL, $rnode restored to the transaction before $xid with --target-exclusive, promoted on timeline $timeline_restored, cluster removed from etcd, Patroni started, 2 nodes cloned, services started): ${restore_seconds} s until the service answered"
  echo "restore target: the DROP's transaction excluded, so every transaction committed before it is restored: every ballot acknowledged before the DROP; ballots refused after it were retried under their Idempotency-Key"
  echo "  after the close: archiving on timeline $(superuser_sql "select timeline_id from pg_control_checkpoint()") passed pgbackrest check; full backup from ${nodes[$sql_node]}: ${after_seconds} s"
  pgbackrest_ info --output=json | jq -r '.[0].backup[] | "  \(.type) backup \(.label): database \(.info.size) bytes, stored \(.info.repository.delta) bytes (compressed, encrypted), WAL \(.archive.start) to \(.archive.stop)"'
  kill_at=$mistake_at event=(--event "mistake (DROP TABLE)")
fi
set +e
PGPASSWORD="$app_pw" python3 "$here/load.py" check --url "http://127.0.0.1:$lb_port" --staff-token "$staff_token" \
  --jornada "$jornada" --results "$base/results.json" --kill-at "$kill_at" "${event[@]}" \
  --psql-conn "host=127.0.0.1 port=$db_port dbname=gobiernoabierto user=gobiernoabierto" --schema gobiernoabierto \
  --dll "$dll" --conn "${app_conn%;Password=*}" # its password from PGPASSWORD (Npgsql reads it), not from a command line ps shows
rc=$?
set -e
say "logs: $base/logs (kept until the next run)"
exit "$rc"
