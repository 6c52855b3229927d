# Sourced by the rehearsals (deploy/failover/rehearse.sh, deploy/backup/rehearse.sh): the machine they need, the service
# they publish, and starting, finding and stopping the processes a rehearsal starts, each recorded in
# "$base/run/NAME.pid" as "PID MARKER". A process is stopped only if that pid still runs a command line containing
# MARKER (no broad pkill, no pid reuse accidents). Needs $base; the caller defines stop_all (its own processes).

say() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

alive() { # name -> 0 when the recorded process is still the one we started
  local f="$base/run/$1.pid" pid marker
  [ -f "$f" ] || return 1
  read -r pid marker <"$f" || return 1
  # The process may end between the test and the read: no message for that, it is simply not alive.
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && { tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$marker"
}

stop() { # name [seconds before SIGKILL]
  local f="$base/run/$1.pid" pid
  if alive "$1"; then
    read -r pid _ <"$f"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $(( ${2:-15} * 2 ))); do alive "$1" || break; sleep 0.5; done
    if alive "$1"; then say "$1 did not stop in ${2:-15} s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$f"
}

start_bg() { # name marker log command... (as root)
  local name=$1 marker=$2 log=$3; shift 3
  "$@" >"$log" 2>&1 &
  echo "$! $marker" >"$base/run/$name.pid"
}

wait_for() { # description seconds command...
  local what=$1 seconds=$2; shift 2
  for _ in $(seq 1 $(( seconds * 2 ))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  die "$what not ready after ${seconds} s (logs in $base/logs)"
}

report_leftovers() { # after stopping everything: name what is still recorded as running
  [ -d "$base/run" ] || return 0
  local left
  left=$(for f in "$base"/run/*.pid; do if [ -f "$f" ]; then basename "$f" .pid; fi; done)
  [ -z "$left" ] || say "WARNING: still recorded as running: $left"
}

cleanup() { # the EXIT trap: everything this run started is stopped, whatever ended it
  local rc=$?
  say "stopping everything this run started"
  if declare -F stop_all >/dev/null; then stop_all; fi
  report_leftovers
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

install_missing() { # COMMAND-OR-PATH:DEBIAN-PACKAGE... -> installs the packages of what is missing (and the tools every rehearsal uses)
  local need=() pair what
  for pair in "$@" jq:jq curl:curl ss:iproute2 openssl:openssl python3:python3; do
    what=${pair%%:*}
    if [[ $what == /* ]]; then [ -x "$what" ] || need+=("${pair#*:}"); else command -v "$what" >/dev/null || need+=("${pair#*:}"); fi
  done
  if [ ${#need[@]} -gt 0 ]; then
    say "installing Debian packages: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
  command -v dotnet >/dev/null || die "the .NET 10 SDK is needed (dotnet publish)"
}

ports_free() { # port... -> dies naming the first one something already listens on
  local port
  for port in "$@"; do
    if ss -Hltn "sport = :$port" | grep -q .; then die "port 127.0.0.1:$port is taken; stop what listens there first"; fi
  done
}

publish_service() { # -> the service published to $publish; sets dll
  say "publishing the service (dotnet publish src/GobiernoAbierto -c Release -o $publish)"
  dotnet publish src/GobiernoAbierto -c Release -o "$publish" -v quiet -nologo >"$base/logs/publish.log" 2>&1 \
    || { cat "$base/logs/publish.log" >&2; die "publish failed"; }
  dll="$publish/GobiernoAbierto.dll"
}
