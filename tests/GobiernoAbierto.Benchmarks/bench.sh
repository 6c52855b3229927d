#!/usr/bin/env bash
# Ballot throughput and latency through HTTP, on a real PostgreSQL on this machine, for three ballot-box settings;
# then BenchmarkDotNet on the CPU hot paths. Everything on loopback; the service it starts is stopped at the end.
#
#   tests/GobiernoAbierto.Benchmarks/bench.sh            # BALLOTS=10000 CONCURRENCY=64 by default
#   MICRO=false BALLOTS=5000 tests/GobiernoAbierto.Benchmarks/bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

ballots="${BALLOTS:-10000}"
concurrency="${CONCURRENCY:-64}"
port=5090
connection="$(GA_DB_NAME=gobiernoabierto_bench deploy/local/ensure-postgres.sh --fresh)"
dotnet build -c Release -v quiet -nologo src/GobiernoAbierto >/dev/null
dotnet build -c Release -v quiet -nologo tests/GobiernoAbierto.Benchmarks >/dev/null

source tests/GobiernoAbierto.Benchmarks/service.sh
trap stop_service EXIT

echo "# $(date -u +%FT%TZ) $(nproc) cores, PostgreSQL $(psql --version | awk '{print $3}'), $ballots ballots, $concurrency clients"
# label, group commit size, group commit window, sealed urn mix size (25 is the default; 0 turns the urn off)
for setting in "one-ballot-per-commit 1 00:00:00 25" "group-commit-5ms-default 500 00:00:00.005 25" \
               "group-commit-5ms-no-urn 500 00:00:00.005 0" "group-commit-250ms 500 00:00:00.250 25"; do
  read -r label max_ballots max_wait mix_size <<<"$setting"
  start_service "$connection" "$port" /tmp/gobiernoabierto-bench.log Marten__Schema="bench_${label//-/_}" \
    Voting__GroupCommit__MaxBallots="$max_ballots" Voting__GroupCommit__MaxWait="$max_wait" Voting__Mixing__MixSize="$mix_size"
  dotnet tests/GobiernoAbierto.Benchmarks/bin/Release/net10.0/GobiernoAbierto.Benchmarks.dll load \
    --url "http://127.0.0.1:$port" --ballots "$ballots" --concurrency "$concurrency" --label "$label"
  stop_service
done

if [ "${MICRO:-true}" = "true" ]; then
  dotnet tests/GobiernoAbierto.Benchmarks/bin/Release/net10.0/GobiernoAbierto.Benchmarks.dll micro --filter '*' 2>&1 \
    | grep -E '^\| '
fi
