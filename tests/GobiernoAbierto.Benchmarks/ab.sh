#!/usr/bin/env bash
# ab.sh: is one build of the service faster than another? On this machine one run of 20,000 ballots moves by 10% or
# more from run to run (checkpoints, autovacuum, the JIT), so a single run of each says nothing about a change of 5%.
# This builds two revisions, then alternates them round by round (A B, then B A, so drift within a round does not
# always land on the same one), each run on a fresh database with a freshly started service: one closed-loop run of
# the load client (plus an open-loop run with --open). It prints each variant's mean and spread, and B/A with a 95%
# confidence interval for (B - A)/A. A run that lost, changed or doubled a ballot stops the script, and keeps its
# logs.
#
#   tests/GobiernoAbierto.Benchmarks/ab.sh main HEAD                       # 6 rounds each, 20000 ballots, 64 clients
#   tests/GobiernoAbierto.Benchmarks/ab.sh HEAD WORKTREE --rounds 8         # the working tree as it is, against the last commit
#   tests/GobiernoAbierto.Benchmarks/ab.sh main my-branch --open 1000:20   # also latency at a fixed offered rate
#
# Arguments: two git revisions (A then B); WORKTREE means this checkout's files, uncommitted changes included.
# Options:
#   --rounds N          rounds per variant (default 6)
#   --ballots N         closed-loop ballots per round, after the warm-up (default 20000)
#   --warmup N          ballots cast first in the same Jornada, not in the figures (default 5000: the JIT settles)
#   --clients N         closed-loop clients (default 64)
#   --open RATE:SECONDS also an open-loop run per round at RATE ballots/s for SECONDS (default none)
#   --db NAME           database on the shared local PostgreSQL, dropped and recreated each round (default gobiernoabierto_ab)
#   --port P            service port on 127.0.0.1 (default 5096)
# Environment: settings of the service pass through to both variants (Voting__GroupCommit__MaxWait=…).
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
for arg in "$@"; do [[ "$arg" == -h || "$arg" == --help ]] && { usage; exit 0; }; done
[ $# -ge 2 ] || { usage; exit 2; }
rev_a="$1"; rev_b="$2"; shift 2
rounds=6; ballots=20000; warmup=5000; clients=64; open=""; db=gobiernoabierto_ab; port=5096
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --ballots) ballots="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --open) open="$2"; shift 2 ;;
    --db) db="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use; pick another with --port" >&2; exit 2; fi

work="$(mktemp -d /tmp/ga-ab.XXXXXX)"
source tests/GobiernoAbierto.Benchmarks/service.sh
cleanup() {
  local status=$?
  stop_service
  for tree in "$work"/tree-*; do [ -d "$tree" ] && git worktree remove --force "$tree" >/dev/null 2>&1 || true; done
  if [ "$status" = 0 ]; then rm -rf "$work"; else echo "# kept for a look: $work (service logs, results so far)" >&2; fi
}
trap cleanup EXIT

# Each variant's service build, from a detached worktree of its revision (WORKTREE: this checkout).
build() {
  local name="$1" rev="$2" tree
  if [ "$rev" = WORKTREE ]; then
    tree="$PWD"
  else
    tree="$work/tree-$name"
    git worktree add --detach "$tree" "$rev" >/dev/null 2>&1 || { echo "no revision $rev" >&2; exit 2; }
  fi
  echo "# building $name = $rev ($(cd "$tree" && git rev-parse --short HEAD)$([ "$rev" = WORKTREE ] && ! git diff HEAD --quiet && echo ' with uncommitted changes'))" >&2
  dotnet build -c Release -v quiet -nologo "$tree/src/GobiernoAbierto" -o "$work/bin-$name" >/dev/null
}
build A "$rev_a"
build B "$rev_b"
dotnet build -c Release -v quiet -nologo tests/GobiernoAbierto.Benchmarks >/dev/null
tool=(dotnet tests/GobiernoAbierto.Benchmarks/bin/Release/net10.0/GobiernoAbierto.Benchmarks.dll)

# A value out of a "key=value key=value" line, units stripped; nan when absent.
val() { local v; v=$(echo "$1" | grep -o "[ ]$2=[^ ]*" | head -1 | cut -d= -f2 | sed 's/ms$//; s|/s$||; s/s$//'); echo "${v:-nan}"; }

echo "# ab.sh $(date -u +%FT%TZ): A=$rev_a B=$rev_b, $rounds rounds each, closed loop $clients clients $ballots ballots after $warmup warm-up${open:+, open loop $open}; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(writeback)"
results="$work/results.tsv"
for round in $(seq 1 "$rounds"); do
  order="A B"; [ $((round % 2)) = 0 ] && order="B A"
  for name in $order; do
    conn="$(GA_DB_NAME="$db" deploy/local/ensure-postgres.sh --fresh 2>"$work/postgres.log")" || { cat "$work/postgres.log" >&2; exit 1; }
    kv() { echo "$conn" | tr ';' '\n' | sed -n "s/^$1=//p"; }
    export PGPASSWORD="$(kv Password)"
    postmaster=$(postmaster_pid "$(kv Port)" "$(kv Username)" "$db")
    cpu_args=(); [[ "$postmaster" =~ ^[0-9]+$ ]] && cpu_args=(--pg-postmaster "$postmaster" --pg-db "$db")
    SERVICE_DLL="$work/bin-$name/GobiernoAbierto.dll" start_service "$conn" "$port" "$work/service-$name.log"
    line=$("${tool[@]}" load --url "http://127.0.0.1:$port" --ballots "$ballots" --warmup "$warmup" --concurrency "$clients" \
      --service-pid "$service_pid" "${cpu_args[@]}" --label "$name") || { echo "$line"; echo "round $round $name failed" >&2; exit 1; }
    row="$name	$(val "$line" throughput)	$(val "$line" p50)	$(val "$line" p99)	$(val "$line" service)	$(val "$line" pg_db)"
    open_p50="" open_p99="" open_service="" open_pg=""
    if [ -n "$open" ]; then
      oline=$("${tool[@]}" load --url "http://127.0.0.1:$port" --rate "${open%%:*}" --seconds "${open##*:}" \
        --service-pid "$service_pid" "${cpu_args[@]}" --label "$name-open") ||
        { echo "$oline"; echo "round $round $name open loop failed" >&2; exit 1; }
      open_p50=$(val "$oline" p50); open_p99=$(val "$oline" p99); open_service=$(val "$oline" service); open_pg=$(val "$oline" pg_db)
    fi
    stop_service
    echo "$row	${open_p50:-nan}	${open_p99:-nan}	${open_service:-nan}	${open_pg:-nan}" >>"$results"
    echo "round $round $name: ballots/s=$(val "$line" throughput) p50=$(val "$line" p50)ms p99=$(val "$line" p99)ms cpu_ms_per_ballot: service=$(val "$line" service) postgres=$(val "$line" pg_db)${open:+ open p50=${open_p50}ms p99=${open_p99}ms cpu_ms_per_ballot: service=${open_service} postgres=${open_pg}}"
  done
done

python3 - "$results" <<'PY'
import math, statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
cols = ["ballots/s", "p50 ms", "p99 ms", "service cpu ms", "postgres cpu ms", "open p50 ms", "open p99 ms",
        "open service cpu ms", "open postgres cpu ms"]
# two-sided 95% t quantiles by degrees of freedom (Welch's df, rounded down)
T = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26, 10: 2.23, 12: 2.18, 15: 2.13, 20: 2.09, 30: 2.04}
def t95(df):
    return T[max(k for k in T if k <= max(1, int(df)))]
print("summary (mean ± standard deviation over the rounds; B/A, and a 95% confidence interval (Welch) for (B - A)/A added to 1)")
if sum(1 for r in rows if r[0] == "A") < 2:
    print("  (intervals need at least 2 rounds)")
for i, col in enumerate(cols, start=1):
    a = [float(r[i]) for r in rows if r[0] == "A" and r[i].lower() not in ("", "nan")]
    b = [float(r[i]) for r in rows if r[0] == "B" and r[i].lower() not in ("", "nan")]
    if len(a) < 2 or len(b) < 2:
        continue
    ma, mb, sa, sb = statistics.mean(a), statistics.mean(b), statistics.stdev(a), statistics.stdev(b)
    va, vb = sa * sa / len(a), sb * sb / len(b)
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / ((va * va / (len(a) - 1) + vb * vb / (len(b) - 1)) or 1e-12)
    lo, hi = (mb - ma) - t95(df) * se, (mb - ma) + t95(df) * se
    verdict = "B higher" if lo > 0 else "B lower" if hi < 0 else "no difference shown"
    print(f"  {col:<20} A {ma:9.3f} ± {sa:7.3f}   B {mb:9.3f} ± {sb:7.3f}   B/A {mb / ma:6.3f} "
          f"(95% CI {(ma + lo) / ma:6.3f} to {(ma + hi) / ma:6.3f})  {verdict}")
PY
