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

# Production refuses plain tokens and wants reverse-proxy settings (README, "Configuración de producción"); the load
# client talks to the service directly, as a proxy on 127.0.0.1 would. The tokens are the load client's defaults.
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }
service_pid=""
stop_service() { [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null; service_pid=""; }
trap stop_service EXIT

echo "# $(date -u +%FT%TZ) $(nproc) cores, PostgreSQL $(psql --version | awk '{print $3}'), $ballots ballots, $concurrency clients"
# label, group commit size, group commit window, sealed urn mix size (25 is the default; 0 turns the urn off)
for setting in "one-ballot-per-commit 1 00:00:00 25" "group-commit-5ms-default 500 00:00:00.005 25" \
               "group-commit-5ms-no-urn 500 00:00:00.005 0" "group-commit-250ms 500 00:00:00.250 25"; do
  read -r label max_ballots max_wait mix_size <<<"$setting"
  ConnectionStrings__GobiernoAbierto="$connection" Marten__Schema="bench_${label//-/_}" ASPNETCORE_ENVIRONMENT=Production \
  Voting__VoterKeySecret="YmVuY2htYXJrLW9ubHktc2VjcmV0LWJlbmNobWFyay1vbmx5LXNlY3JldA==" \
  Voting__GroupCommit__MaxBallots="$max_ballots" Voting__GroupCommit__MaxWait="$max_wait" Voting__Mixing__MixSize="$mix_size" \
  Auth__Keys__0__Name=bench Auth__Keys__0__Role=staff Auth__Keys__0__TokenSha256="$(sha bench-staff)" \
  Auth__Keys__1__Name=bench-ieeq Auth__Keys__1__Role=auditor Auth__Keys__1__TokenSha256="$(sha bench-auditor)" \
  Hosting__PublicOrigin=https://bench.invalid Hosting__ReverseProxy__KnownProxies=127.0.0.1 \
  Logging__LogLevel__Default=Warning \
    dotnet src/GobiernoAbierto/bin/Release/net10.0/GobiernoAbierto.dll --urls "http://127.0.0.1:$port" >/tmp/gobiernoabierto-bench.log 2>&1 &
  service_pid=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
  dotnet tests/GobiernoAbierto.Benchmarks/bin/Release/net10.0/GobiernoAbierto.Benchmarks.dll load \
    --url "http://127.0.0.1:$port" --ballots "$ballots" --concurrency "$concurrency" --label "$label"
  stop_service
done

if [ "${MICRO:-true}" = "true" ]; then
  dotnet tests/GobiernoAbierto.Benchmarks/bin/Release/net10.0/GobiernoAbierto.Benchmarks.dll micro --filter '*' 2>&1 \
    | grep -E '^\| '
fi
