#!/usr/bin/env bash
# million.sh: does throughput hold as one Jornada grows, and how long does the IEEQ's check of its export take?
#
# Starts the service (Release, Production, default settings) on a fresh local database, casts WARMUP ballots and then
# BALLOTS more of distinct voters into ONE Jornada with CLIENTS closed-loop clients, printing the rate of every PROGRESS
# ballots and the CPU the service and PostgreSQL spent per ballot on them (the figure that does not depend on what else
# the machine runs: compare the first and last blocks' CPU as well as their rates); the
# load client then closes the Jornada and checks every receipt against the export (a lost or doubled ballot fails the
# run). Then it downloads the export (ballots.csv, seal.json) and times, best of RUNS: sha256sum over ballots.csv, the
# `verify` command over the export, and `verify --database` over the store. Loopback only; stops by itself; the
# service is stopped and the database dropped at the end (KEEP=1 keeps both the database and the files).
#
#   tests/GobiernoAbierto.Benchmarks/million.sh                       # 1,000,000 ballots, 64 clients
#   BALLOTS=100000 PROGRESS=10000 tests/GobiernoAbierto.Benchmarks/million.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ballots="${BALLOTS:-1000000}"; warmup="${WARMUP:-20000}"; clients="${CLIENTS:-64}"; progress="${PROGRESS:-50000}"; runs="${RUNS:-3}"
port="${PORT:-5095}"; db="${DB:-gobiernoabierto_million}"
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use; set PORT" >&2; exit 2; fi

conn="$(GA_DB_NAME="$db" deploy/local/ensure-postgres.sh --fresh)"
kv() { echo "$conn" | tr ';' '\n' | sed -n "s/^$1=//p"; }
export PGPASSWORD="$(kv Password)"
pg() { psql -h 127.0.0.1 -p "$(kv Port)" -U "$(kv Username)" -d "$db" -XAtqc "$1"; }

dotnet build -c Release -v quiet -nologo src/GobiernoAbierto >/dev/null
dotnet build -c Release -v quiet -nologo tests/GobiernoAbierto.Benchmarks >/dev/null
work="$(mktemp -d /tmp/ga-million.XXXXXX)"
source tests/GobiernoAbierto.Benchmarks/service.sh
sampler=""
cleanup() {
  [ -z "$sampler" ] || kill "$sampler" 2>/dev/null || true
  stop_service
  if [ "${KEEP:-0}" = 1 ]; then echo "# kept: database $db, files in $work"; else rm -rf "$work"; dropdb -h 127.0.0.1 -p "$(kv Port)" -U "$(kv Username)" --if-exists "$db" || true; fi
}
trap cleanup EXIT
postmaster=$(postmaster_pid "$(kv Port)" "$(kv Username)" "$db")
[[ "$postmaster" =~ ^[0-9]+$ ]] || { echo "could not find the PostgreSQL postmaster's pid" >&2; exit 1; }

start_service "$conn" "$port" "$work/service.log"
# Every 5 s: participations so far and the index pages PostgreSQL has had to read from outside its cache (shared_buffers),
# so the summary can say whether the voting tables' indexes still fit in it at the end (FINDINGS.md, "Random keys past
# shared_buffers").
( while sleep 5; do pg "select (select coalesce(sum(n_tup_ins), 0) from pg_stat_user_tables where relname = 'participations'),
    (select coalesce(sum(idx_blks_read), 0) from pg_statio_user_indexes)" >>"$work/index-reads.txt" 2>/dev/null || true; done ) &
sampler=$!

echo "# million.sh $(date -u +%FT%TZ): $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $warmup + $ballots ballots in one Jornada, $clients clients, PostgreSQL $(pg 'show server_version' | cut -d' ' -f1) (shared_buffers $(pg 'show shared_buffers'), max_wal_size $(pg 'show max_wal_size'))"
dotnet tests/GobiernoAbierto.Benchmarks/bin/Release/net10.0/GobiernoAbierto.Benchmarks.dll load --url "http://127.0.0.1:$port" \
  --ballots "$ballots" --warmup "$warmup" --concurrency "$clients" --progress "$progress" --label million \
  --service-pid "$service_pid" --pg-postmaster "$postmaster" --pg-db "$db" --timeout-seconds 120 | tee "$work/load.txt"
grep -q 'RESULT=OK' "$work/load.txt" || { echo "the load run failed: no figures" >&2; exit 1; }

kill "$sampler" 2>/dev/null || true; sampler=""
indexes=$(pg "select string_agg(format('%s %s MB', indexrelname, pg_relation_size(indexrelid) / 1048576), ', ' order by pg_relation_size(indexrelid) desc)
  from (select * from pg_stat_user_indexes order by pg_relation_size(indexrelid) desc limit 5) i") || indexes="n/a"
jornada=$(curl -sf "http://127.0.0.1:$port/api/jornadas" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
auth=(-H "Authorization: Bearer bench-auditor")   # the ballots (receipts beside choices) are the IEEQ's export
curl -sf "${auth[@]}" "http://127.0.0.1:$port/api/jornadas/$jornada/audit/ballots.csv" -o "$work/ballots.csv"
curl -sf "${auth[@]}" "http://127.0.0.1:$port/api/jornadas/$jornada/audit/seal" -o "$work/seal.json"
stop_service

best() { # best wall time in seconds of RUNS runs of a command (its output goes to $work/last.txt)
  local b=""
  for _ in $(seq 1 "$runs"); do
    local t0 t1; t0=$(date +%s.%N); "$@" >"$work/last.txt" 2>&1 || { cat "$work/last.txt"; echo "failed: $*" >&2; exit 1; }; t1=$(date +%s.%N)
    b=$(python3 -c "import sys; t=float(sys.argv[2])-float(sys.argv[1]); b=sys.argv[3]; print(f'{t:.3f}' if not b or t<float(b) else b)" "$t0" "$t1" "$b")
  done
  echo "$b"
}
size=$(du -m "$work/ballots.csv" | cut -f1)
t_sha=$(best sha256sum "$work/ballots.csv")
t_verify=$(best dotnet src/GobiernoAbierto/bin/Release/net10.0/GobiernoAbierto.dll verify --ballots "$work/ballots.csv" --seal "$work/seal.json")
verdict=$(grep -E '^(ÍNTEGRA|ALTERADA)' "$work/last.txt" | cut -c1-60)
t_db=$(best dotnet src/GobiernoAbierto/bin/Release/net10.0/GobiernoAbierto.dll verify --database "$conn" --jornada "$jornada")
verdict_db=$(grep -E '^(ÍNTEGRA|ALTERADA)' "$work/last.txt" | cut -c1-60)

echo
echo "# summary (best of $runs for the timings; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
# PostgreSQL's checkpoints and autovacuum come in cycles of a few blocks, so the start and the end are compared over the
# first and the last quarter of the run, not over one block each.
grep 'progress' "$work/load.txt" | python3 -c '
import re, sys
warmup = int(sys.argv[1])
blocks = [(int(m[1]), float(m[2]), float(m[3])) for m in (re.search(r"in_jornada=(\d+) at=([\d.]+)s rate=([\d.]+)", l) for l in sys.stdin) if m]
points = [(warmup, 0.0)] + [(n, t) for n, t, _ in blocks]
q = max(1, len(blocks) // 4)
start = (points[q][0] - points[0][0]) / (points[q][1] - points[0][1])
end = (points[-1][0] - points[-1 - q][0]) / (points[-1][1] - points[-1 - q][1])
rates = [r for _, _, r in blocks]
print(f"rate: first quarter ({points[q][0] - points[0][0]} ballots after the warm-up) {start:.1f}/s, last quarter {end:.1f}/s, "
      f"end/start {end / start:.3f}; blocks of {blocks[0][0] - warmup} from {min(rates):.0f}/s to {max(rates):.0f}/s")
' "$warmup"
block_cpu() { grep 'progress' "$work/load.txt" | sed -n "$1" | grep -o 'service=[0-9.]* pg_db=[0-9.]* others=[0-9.]*' || echo "n/a"; }
echo "cpu ms per ballot: first block $(block_cpu 1p), last block $(block_cpu '$p')"
python3 - "$work/index-reads.txt" "$warmup" "$ballots" <<'PY' || echo "index pages read from outside shared_buffers: n/a"
import sys
rows = [tuple(map(int, l.split("|"))) for l in open(sys.argv[1]) if l.count("|") == 1]
# Once every ballot is in, the close, the receipt checks and the export still read indexes: not the ballots' reads.
rows = [r for i, r in enumerate(rows) if i == 0 or r[0] != rows[i - 1][0]]
warmup, ballots = int(sys.argv[2]), int(sys.argv[3])
def per_ballot(lo, hi):
    inside = [r for r in rows if lo <= r[0] <= hi]
    return (inside[-1][1] - inside[0][1]) / (inside[-1][0] - inside[0][0])
print(f"index pages read from outside shared_buffers a ballot: first quarter {per_ballot(warmup, warmup + ballots // 4):.2f}, "
      f"last quarter {per_ballot(warmup + 3 * ballots // 4, warmup + ballots):.2f}")
PY
echo "largest indexes at the end: $indexes"
echo "export: ${size} MiB, $(($(wc -l <"$work/ballots.csv") - 1)) ballots"
echo "sha256sum ballots.csv: ${t_sha}s"
echo "verify --ballots --seal: ${t_verify}s ($(python3 -c "print(round($t_verify/$t_sha, 2))")x sha256sum) $verdict"
echo "verify --database: ${t_db}s ($(python3 -c "print(round($t_db/$t_sha, 2))")x sha256sum) $verdict_db"
