#!/usr/bin/env bash
# startup.sh: how long the service takes from `dotnet GobiernoAbierto.dll` to answering /health/ready, in Production on
# an existing database (the schema already there, as after a restart or on the instance a failover turns to), and its
# CPU time, resident memory and whether Roslyn was loaded at that moment; N starts (default 3) after one uncounted start
# that creates the schema. SERVICE_DLL starts another build (e.g. an older commit's) with the same settings.
#
#   tests/GobiernoAbierto.Benchmarks/startup.sh [N]
#
# Runs on its own database on the shared local PostgreSQL; loopback only; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
starts="${1:-3}"; port=5096; log=/tmp/ga-startup.log
conn="$(GA_DB_NAME=gobiernoabierto_startup deploy/local/ensure-postgres.sh)"
[ -n "${SERVICE_DLL:-}" ] || dotnet build -c Release -v quiet -nologo src/GobiernoAbierto >/dev/null
source tests/GobiernoAbierto.Benchmarks/service.sh
trap stop_service EXIT
READY_POLL=0.1
start_service "$conn" "$port" "$log"
stop_service
echo "# startup.sh $(date -u +%FT%TZ): $(nproc) cores; ${SERVICE_DLL:-src/GobiernoAbierto (Release), $(git rev-parse --short HEAD)}; Production, existing database"
for i in $(seq 1 "$starts"); do
  started=$(date +%s.%N)
  start_service "$conn" "$port" "$log"
  ready=$(date +%s.%N)
  # utime and stime (fields 14 and 15 of /proc/PID/stat, in clock ticks); the resident set from status.
  ticks=$(awk '{print $14 + $15}' "/proc/$service_pid/stat"); hz=$(getconf CLK_TCK)
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$service_pid/status")
  roslyn=$(grep -c 'Microsoft\.CodeAnalysis' "/proc/$service_pid/maps" || true)
  echo "start=$i ready_after=$(python3 -c "print(f'{$ready - $started:.1f}')")s cpu_s=$(python3 -c "print(f'{$ticks / $hz:.1f}')") rss_mb=$((rss / 1024)) roslyn_mapped_regions=$roslyn"
  stop_service
done
