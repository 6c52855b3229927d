# Sourced by ab.sh, bench.sh, compare.sh, million.sh and startup.sh: starts and stops the service they measure (db-ceiling.sh
# sources it for postmaster_pid only).
#
# start_service CONNECTION PORT LOGFILE [NAME=value ...]: the Release build, Production, on 127.0.0.1:PORT, with the
# load client's default credentials (staff `bench-staff`, auditor `bench-auditor`). Production refuses plain tokens and
# wants reverse-proxy settings (README, "Configuración de producción"): the tokens go in as SHA-256 hashes, and the
# client talks to the service directly, as a proxy on 127.0.0.1 would. NAME=value pairs are further settings
# (Voting__GroupCommit__MaxWait=…); the caller's environment passes through too. Waits until /health/ready answers,
# or prints the log's tail and exits 1 (asking every READY_POLL seconds, 1 unless set). Sets service_pid. SERVICE_DLL,
# when set, is the build to start (ab.sh, startup.sh).
# stop_service: stops it (safe to call when none runs).
# writeback: the kernel's dirty-page writeback settings, for the header of a run's output (FINDINGS.md, "The open
# loop's tail": on this machine a burst of writeback every dirty_expire_centisecs stalled the commits' WAL flushes).
# postmaster_pid PORT USER DB: the PostgreSQL postmaster's pid (the parent of a backend, read while that backend
# is alive; works for any user), for the load client's CPU figures.

service_pid=""

start_service() {
  local connection="$1" port="$2" log="$3"; shift 3
  local hash_staff hash_auditor
  hash_staff="$(printf '%s' bench-staff | sha256sum | cut -d' ' -f1)"
  hash_auditor="$(printf '%s' bench-auditor | sha256sum | cut -d' ' -f1)"
  env ConnectionStrings__GobiernoAbierto="$connection" ASPNETCORE_ENVIRONMENT=Production \
    Voting__VoterKeySecret="YmVuY2htYXJrLW9ubHktc2VjcmV0LWJlbmNobWFyay1vbmx5LXNlY3JldA==" \
    Auth__Keys__0__Name=bench Auth__Keys__0__Role=staff Auth__Keys__0__TokenSha256="$hash_staff" \
    Auth__Keys__1__Name=bench-ieeq Auth__Keys__1__Role=auditor Auth__Keys__1__TokenSha256="$hash_auditor" \
    Hosting__PublicOrigin=https://bench.invalid Hosting__ReverseProxy__KnownProxies=127.0.0.1 \
    Logging__LogLevel__Default=Warning "$@" \
    dotnet "${SERVICE_DLL:-src/GobiernoAbierto/bin/Release/net10.0/GobiernoAbierto.dll}" --urls "http://127.0.0.1:$port" >"$log" 2>&1 &
  service_pid=$!
  local deadline=$((SECONDS + 120))
  while [ "$SECONDS" -lt "$deadline" ]; do
    # Its own answer only: a service that exited (its port taken by another) is not timed on someone else's.
    kill -0 "$service_pid" 2>/dev/null || { tail -30 "$log"; echo "service exited before it was ready" >&2; exit 1; }
    curl -sf --max-time 5 "http://127.0.0.1:$port/health/ready" >/dev/null && return 0
    sleep "${READY_POLL:-1}"
  done
  tail -30 "$log"; echo "service did not get ready" >&2; exit 1
}

stop_service() {
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; service_pid=""; fi
}

postmaster_pid() {
  psql -h 127.0.0.1 -p "$1" -U "$2" -d "$3" -XAtq <<'SQL'
select format('\! awk ''{print $4}'' /proc/%s/stat', pg_backend_pid()) as cmd \gset
:cmd
SQL
}

writeback() {
  local k out=""
  for k in dirty_background_bytes dirty_background_ratio dirty_expire_centisecs; do
    out+="vm.$k=$(cat /proc/sys/vm/$k 2>/dev/null || echo '?') "
  done
  printf '%s' "${out% }"
}
