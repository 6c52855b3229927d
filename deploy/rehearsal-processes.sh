# Sourced by the rehearsals (deploy/failover/rehearse.sh, deploy/backup/rehearse.sh): starting, finding and stopping
# the processes a rehearsal starts, each recorded in "$base/run/NAME.pid" as "PID MARKER". A process is stopped only if
# that pid still runs a command line containing MARKER (no broad pkill, no pid reuse accidents). Needs $base.

say() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

alive() { # name -> 0 when the recorded process is still the one we started
  local f="$base/run/$1.pid" pid marker
  [ -f "$f" ] || return 1
  read -r pid marker <"$f" || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker"
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
