#!/usr/bin/env bash
# compare.sh: the service's ballot casting measured against PostgreSQL itself, in one run, on one database.
#
# For each client count it runs pgbench (one single-row INSERT per transaction, as /work/shared/tools/perf-ratio.sh
# does), then starts the service (Release, Production, default ballot-box settings) and casts ballots through HTTP
# with the load client in closed loop; optionally an open-loop run at a fixed offered rate. It prints pgbench's tps,
# the service's ballots/s, their ratio, p50/p95/p99 latency and CPU milliseconds per ballot split into service,
# PostgreSQL and load generator (README.md beside this file says how CPU is attributed). A run that lost, changed or
# doubled a ballot prints REFUSED instead of figures and the script exits 1.
#
#   tests/GobiernoAbierto.Benchmarks/compare.sh                          # 64 clients, 20000 ballots, pgbench 20 s
#   tests/GobiernoAbierto.Benchmarks/compare.sh --256                    # 64 and 256 clients
#   tests/GobiernoAbierto.Benchmarks/compare.sh --open 1000:60           # plus open loop, 1000 ballots/s for 60 s
#   tests/GobiernoAbierto.Benchmarks/compare.sh --ballots 3000 --pgbench-seconds 5 --open 300:10   # a quick check
#
# Options:
#   --clients "N ..."     client counts, each measured with pgbench and with the service (default "64")
#   --256                 same as --clients "64 256"
#   --ballots N           closed-loop ballots per client count (default 20000)
#   --warmup N            ballots cast (closed loop) in the same Jornada before each measured phase; they are verified
#                         like the others but not in the figures (default 500)
#   --pgbench-seconds S   length of each pgbench run (default 20)
#   --floor-requests N    requests of the HTTP floor per client count: GET /health/live, no database (default 100000)
#   --open RATE:SECONDS   also an open-loop run: RATE ballots/s offered for SECONDS; repeat for several (default none)
#   --connections N       open loop: most HTTP connections the load client opens (default 512)
#   --no-closed           skip pgbench and the closed loop (only the open-loop runs)
#   --db NAME             database on the shared local PostgreSQL, dropped and recreated (default gobiernoabierto_bench2)
#   --port P              service port on 127.0.0.1 (default 5094)
#   --no-build            use the Release build already there
# Environment: settings of the service pass through, e.g. Voting__GroupCommit__MaxWait=00:00:00.002 compare.sh;
# they are listed in the header. pgbench clients are capped at what the server's max_connections leaves free.
set -euo pipefail
cd "$(dirname "$0")/../.."

clients="64"; ballots=20000; floor_requests=100000; warmup=500; pg_seconds=20; opens=(); connections=512; closed=true
db=gobiernoabierto_bench2; port=5094; build=true
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients="$2"; shift 2 ;;
    --256) clients="64 256"; shift ;;
    --ballots) ballots="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --pgbench-seconds) pg_seconds="$2"; shift 2 ;;
    --floor-requests) floor_requests="$2"; shift 2 ;;
    --open) opens+=("$2"); shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --no-closed) closed=false; shift ;;
    --db) db="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --no-build) build=false; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

command -v pgbench >/dev/null || { echo "pgbench not found (Debian: apt-get install postgresql-contrib or postgresql)" >&2; exit 2; }
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use; pick another with --port" >&2; exit 2; fi

conn="$(GA_DB_NAME="$db" deploy/local/ensure-postgres.sh --fresh)"
kv() { echo "$conn" | tr ';' '\n' | sed -n "s/^$1=//p"; }
export PGPASSWORD="$(kv Password)"; pg_user="$(kv Username)"; pg_port="$(kv Port)"
pg() { psql -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -d "$db" -XAtqc "$1"; }

if $build; then
  dotnet build -c Release -v quiet -nologo src/GobiernoAbierto >/dev/null
  dotnet build -c Release -v quiet -nologo tests/GobiernoAbierto.Benchmarks >/dev/null
fi
tool=(dotnet tests/GobiernoAbierto.Benchmarks/bin/Release/net10.0/GobiernoAbierto.Benchmarks.dll)
work="$(mktemp -d /tmp/ga-compare.XXXXXX)"
source tests/GobiernoAbierto.Benchmarks/service.sh
trap 'stop_service; rm -rf "$work"' EXIT

# A value out of a "key=value key=value" line; units (ms, /s, s) stripped.
val() { echo "$1" | grep -o "[ ]$2=[^ ]*" | head -1 | cut -d= -f2 | sed 's/ms$//; s|/s$||; s/s$//'; }
div() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.${3:-3}f}' if b else 'n/a')" "$1" "$2"; }

busy_now() {
  top -b -n 2 -d 1 -w 200 2>/dev/null | awk '/^top -/{n++} n==2 && $1 ~ /^[0-9]+$/ && $9+0 >= 10 {printf "%s %s%%, ", $12, $9}' | sed 's/, $//'
}
postmaster=$(postmaster_pid "$pg_port" "$pg_user" "$db")
[[ "$postmaster" =~ ^[0-9]+$ ]] || { echo "could not find the PostgreSQL postmaster's pid" >&2; exit 1; }
cpu_args=(--pg-postmaster "$postmaster" --pg-db "$db")
max_conn=$(pg "show max_connections"); in_use=$(pg "select count(*) from pg_stat_activity where backend_type = 'client backend'")
echo "# compare.sh $(date -u +%FT%TZ) on $(hostname): $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min)"
busy="$(busy_now)"
echo "# processes above 10% of a core just before the run: ${busy:-none}; kernel writeback: $(writeback)"
echo "# PostgreSQL $(pg "show server_version" | cut -d' ' -f1) on 127.0.0.1:$pg_port, database $db, postmaster pid $postmaster, max_connections=$max_conn ($in_use client connections in use), fsync=$(pg "show fsync"), synchronous_commit=$(pg "show synchronous_commit"); $(pgbench --version); .NET $(dotnet --version)"
overrides="$(env | grep -E '^(Voting|Marten|Wolverine|Kestrel)__' | sort | tr '\n' ' ' || true)"
echo "# clients: $clients; closed loop: $ballots ballots after $warmup warm-up; pgbench: ${pg_seconds}s; open loop: ${opens[*]:-none}; service settings: ${overrides:-defaults}"

declare -A pg_tps pg_line svc_line
status=0

# 1. pgbench alone (the service is not running yet, so PostgreSQL does nothing else of ours).
if $closed; then
  echo 'insert into pgb(v) values (random());' >"$work/pgb.sql"
  for c in $clients; do
    pg "drop table if exists pgb; create table pgb(id bigserial primary key, v double precision)"
    free=$(( $(pg "show max_connections") - $(pg "select count(*) from pg_stat_activity where backend_type = 'client backend'") - 10 ))
    pc=$(( c < free ? c : free )); threads=$(( $(nproc) < pc ? $(nproc) : pc ))
    out=$("${tool[@]}" measure "${cpu_args[@]}" -- pgbench -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -n -f "$work/pgb.sql" \
      -c "$pc" -j "$threads" -T "$pg_seconds" "$db" 2>&1)
    tps=$(echo "$out" | sed -n 's/^tps = \([0-9]*\.\{0,1\}[0-9]\{0,1\}\).*/\1/p')
    txs=$(echo "$out" | sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p')
    lat=$(echo "$out" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')
    cpu=$(echo "$out" | grep '^cpu ' || true)
    if [ -z "$tps" ] || [ -z "$txs" ] || [ "$txs" = 0 ]; then echo "$out"; echo "pgbench failed" >&2; exit 1; fi
    pg_tps[$c]=$tps
    ms() { [ -n "$cpu" ] && div "$(val " $cpu" "$1")" "$(div "$txs" 1000 6)" 3 || echo n/a; }
    capped=""; [ "$pc" != "$c" ] && capped=" (capped from $c: max_connections=$(pg "show max_connections") and other connections)"
    pg_line[$c]="tps=$tps latency_avg=${lat}ms transactions=$txs clients=$pc$capped threads=$threads cpu_ms_per_tx: postgres=$(ms pg_db_s) (cluster $(ms pg_cluster_s)) pgbench=$(ms command_s) others=$(ms others_s)"
    echo "pgbench  $(printf '%-4s' "$c") ${pg_line[$c]}"
  done
  pg "drop table if exists pgb"
fi

# 2. The service, default settings, on the same database (service.sh).
start_service "$conn" "$port" "$work/service.log"

# What the service and PostgreSQL cost per second while no ballot arrives (background work of the service: the
# open loop at a low rate pays this over fewer ballots). Measured 15 s after the service is ready: in the first seconds
# it is still compiling and starting its daemons (142 ms of CPU a second in the first 5 s, 14 to 24 ms from 10 s on,
# on the machine of FINDINGS.md's last section), which is start-up, not what an idle service costs.
sleep 15
idle=$("${tool[@]}" measure --service-pid "$service_pid" "${cpu_args[@]}" -- sleep 5 | grep '^cpu ' || true)
idle_line="service=$(div "$(val " $idle" service_s)" 5 3)s postgres=$(div "$(val " $idle" pg_db_s)" 5 3)s others=$(div "$(val " $idle" others_s)" 5 3)s per second"
echo "idle     $idle_line"

# The floor: the same client and service answering GET /health/live, which touches no database. No ballot endpoint
# can beat this rate on this machine; the ratio against pgbench says how far any HTTP service could get here.
declare -A floor_line
if $closed; then
  for c in $clients; do
    floor_line[$c]="$("${tool[@]}" floor --url "http://127.0.0.1:$port" --requests "$floor_requests" --concurrency "$c" --service-pid "$service_pid" "${cpu_args[@]}")" || status=1
    echo "${floor_line[$c]}"
  done
fi

load() { "${tool[@]}" load --url "http://127.0.0.1:$port" --service-pid "$service_pid" "${cpu_args[@]}" --warmup "$warmup" "$@"; }
svc_summary() { # the figures of one load line, or REFUSED
  local l=" $1"
  if ! echo "$l" | grep -q "RESULT="; then echo "FAILED (no result: see the output above)"; return; fi
  if ! echo "$l" | grep -q 'RESULT=OK'; then echo "REFUSED ($(echo "$l" | grep -o 'reason="[^"]*"' || echo 'no result'))"; return; fi
  echo "ballots/s=$(val "$l" throughput) accepted=$(val "$l" accepted) errors=$(val "$l" errors) p50=$(val "$l" p50)ms p95=$(val "$l" p95)ms p99=$(val "$l" p99)ms max=$(val "$l" max)ms" \
       "cpu_ms_per_ballot: service=$(val "$l" service) postgres=$(val "$l" pg_db) (cluster $(val "$l" pg_cluster)) load=$(val "$l" load) others=$(val "$l" others)"
}

if $closed; then
  for c in $clients; do
    line=$(load --ballots "$ballots" --concurrency "$c" --label "closed-$c" 2>&1) || status=1
    echo "$line"
    svc_line[$c]="$(echo "$line" | grep -E 'RESULT=' | tail -1)"
  done
fi
declare -a open_lines=()
for spec in "${opens[@]}"; do
  rate="${spec%%:*}"; secs="${spec#*:}"
  line=$(load --rate "$rate" --seconds "$secs" --connections "$connections" --label "open-$rate/s" 2>&1) || status=1
  echo "$line"
  open_lines+=("$rate/s offered for ${secs}s: achieved $(svc_summary "$(echo "$line" | grep -E 'RESULT=' | tail -1)")$(echo " $line" | grep -o ' send_lag_p99=[^ ]*' || true)")
done
stop_service

echo
echo "# summary ($(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg); CPU per ballot: see README.md beside this script)"
if $closed; then
  for c in $clients; do
    echo "clients=$c"
    echo "  pgbench single-row INSERT: ${pg_line[$c]}"
    fl=" ${floor_line[$c]:-}"
    echo "  HTTP floor (no database):  answers/s=$(val "$fl" throughput) p50=$(val "$fl" p50)ms p99=$(val "$fl" p99)ms cpu_ms_per_request: service=$(val "$fl" service) load=$(val "$fl" load) ratio/pgbench=$(div "$(val "$fl" throughput)" "${pg_tps[$c]}" 3)"
    summary="$(svc_summary "${svc_line[$c]:-}")"
    echo "  service closed loop:       $summary"
    if [[ "$summary" == ballots/s=* ]]; then
      echo "  ratio service/pgbench:     $(div "$(val " $summary" 'ballots/s')" "${pg_tps[$c]}" 3)"
      # The same comparison in CPU, which does not depend on what else shares the machine's cores: what the service and
      # PostgreSQL spend on a ballot against what PostgreSQL spends on a pgbench insert (load generators left out).
      ballot_cpu=$(python3 -c "import sys; print(f'{float(sys.argv[1]) + float(sys.argv[2]):.3f}')" "$(val " $summary" service)" "$(val " $summary" postgres)" 2>/dev/null || echo n/a)
      tx_cpu=$(val " ${pg_line[$c]}" postgres)
      echo "  ratio in CPU:              pgbench insert (postgres)=${tx_cpu}ms / ballot (service+postgres)=${ballot_cpu}ms = $(div "$tx_cpu" "$ballot_cpu" 3 2>/dev/null || echo n/a)"
    else
      echo "  ratio service/pgbench:     none (the service's run printed no figure)"
    fi
  done
fi
for l in "${open_lines[@]}"; do echo "open loop $l"; done
echo "idle service: CPU $idle_line"
busy="$(busy_now)"
echo "# processes above 10% of a core right after the run: ${busy:-none}"
[ "$status" = 0 ] || echo "# at least one run had errors or was refused: see its line above" >&2
exit "$status"
