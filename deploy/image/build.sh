#!/usr/bin/env bash
# Builds the repository's Dockerfile into a real container image on a machine without a Docker engine, runs that
# image against the local PostgreSQL and checks it: ready, healthy by the image's own HEALTHCHECK command, serving the
# API, running as the non-root `app` user (uid 1654). See deploy/image/README.md for what it proves and its last output.
#
#   sudo deploy/image/build.sh
#
# Made for machines like the project's development ones (Debian 12, root, no Docker engine, no access to
# mcr.microsoft.com): it uses Debian's `buildah` (daemonless, vfs storage, chroot isolation) and builds two local
# stand-ins for Microsoft's base images once (Debian root filesystem + this machine's .NET install), then passes them to
# the Dockerfile as its SDK_IMAGE / RUNTIME_IMAGE build arguments. With Docker, use `docker build .` instead.
#
# Settings (environment):
#   IMAGE            tag of the built image                      (localhost/gobiernoabierto:latest)
#   PORT             loopback port the service listens on         (18080)
#   SDK_STANDIN      local stand-in for dotnet/sdk:10.0           (localhost/dotnet-sdk:10.0)
#   RUNTIME_STANDIN  local stand-in for dotnet/aspnet:10.0        (localhost/dotnet-aspnet:10.0)
#   REBUILD_STANDINS=true  rebuild the stand-ins even if present  (false)
#   BUILD_TIMEOUT    seconds allowed for `buildah bud`            (2400)
#   READY_TIMEOUT    seconds allowed for /health/ready            (180)
#   STORAGE_DRIVER   buildah storage driver                        (vfs; overlay is faster where the kernel allows it)
set -euo pipefail
cd "$(dirname "$0")/../.."

image="${IMAGE:-localhost/gobiernoabierto:latest}"
port="${PORT:-18080}"
sdk_standin="${SDK_STANDIN:-localhost/dotnet-sdk:10.0}"
runtime_standin="${RUNTIME_STANDIN:-localhost/dotnet-aspnet:10.0}"
build_timeout="${BUILD_TIMEOUT:-2400}"
ready_timeout="${READY_TIMEOUT:-180}"
suite=bookworm
app_uid=1654

# vfs storage: plain directory copies, no overlay mounts; chroot isolation: no user namespaces, and the host's network
# (so the loopback PostgreSQL is reachable). buildah 1.28 (Debian 12) ignores the STORAGE_DRIVER environment variable
# and picks overlay when the kernel allows it, so the driver is passed as a flag on every call.
driver="${STORAGE_DRIVER:-vfs}"
export STORAGE_DRIVER="$driver" BUILDAH_ISOLATION=chroot

say() { printf '[image] %s\n' "$*" >&2; }
die() { say "FAILED: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
timings=()
record() { timings+=("$(printf '%-34s %8s s' "$1" "$2")"); }
image_exists() { buildah inspect --type image "$1" >/dev/null 2>&1; }

[ "$(id -u)" -eq 0 ] || die "run as root (buildah with vfs storage and chroot isolation needs it here)."
total_start=$(now)

# --- state cleaned up on any exit -------------------------------------------------------------------------------
work=""; run_pid=""; run_rc=""; run_ctr=""; standin_ctr=""
# Like `docker stop`: SIGTERM to the service, some seconds to finish, then the whole process group is killed.
stop_container() {
  [ -n "$run_pid" ] || return 0
  local pid
  pid=$(pgrep -s "$run_pid" -x dotnet | head -n1 || true)
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$run_pid" 2>/dev/null; then
    say "The container did not stop within 10 s of SIGTERM: killing its process group."
    kill -KILL -- "-$run_pid" 2>/dev/null
  fi
  run_rc=0; wait "$run_pid" 2>/dev/null || run_rc=$?
  run_pid=""
}
cleanup() {
  local rc=$?
  set +e
  stop_container
  [ -n "$run_ctr" ] && buildah rm "$run_ctr" >/dev/null 2>&1 && say "Removed container $run_ctr."
  [ -n "$standin_ctr" ] && buildah rm "$standin_ctr" >/dev/null 2>&1
  [ -n "$work" ] && rm -rf --one-file-system "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 1. tools ---------------------------------------------------------------------------------------------------
step=$(now)
missing=()
type -P buildah >/dev/null || missing+=(buildah)
type -P debootstrap >/dev/null || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing ${missing[*]} (Debian packages)..."
  timeout 900 env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  timeout 900 env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
buildah() { command buildah --storage-driver "$driver" "$@"; }
say "$(buildah --version), storage driver $(buildah info --format '{{.store.GraphDriverName}}')"
record "tools (buildah, debootstrap)" "$(since "$step")"

# --- 2. stand-ins for Microsoft's base images (once) --------------------------------------------------------------
# A Debian root filesystem from the mirror apt already uses, plus this machine's .NET install. The SDK stand-in also
# gets this machine's CA bundle, because NuGet is reached through a proxy with its own CA here; that CA never goes into
# the project's Dockerfile or the runtime image.
rootfs=""
make_rootfs() {
  [ -n "$rootfs" ] && return
  local mirror=""
  [ -r /etc/apt/sources.list.d/debian.sources ] &&
    mirror=$(awk '$1 == "URIs:" { print $2; exit }' /etc/apt/sources.list.d/debian.sources)
  [ -z "$mirror" ] && [ -r /etc/apt/sources.list ] &&
    mirror=$(awk '$1 == "deb" && $2 !~ /^\[/ { print $2; exit }' /etc/apt/sources.list)
  mirror="${mirror:-http://deb.debian.org/debian}"
  work=$(mktemp -d /var/tmp/gobiernoabierto-image.XXXXXX)
  rootfs="$work/rootfs"
  local t; t=$(now)
  say "debootstrap $suite (minbase) from $mirror..."
  timeout 1200 debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata \
    "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  record "debootstrap root filesystem" "$(since "$t")"
}

standin_config=(--env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  --env DOTNET_RUNNING_IN_CONTAINER=true --env DOTNET_CLI_TELEMETRY_OPTOUT=1)

if [ "${REBUILD_STANDINS:-false}" = "true" ] || ! image_exists "$sdk_standin"; then
  make_rootfs
  t=$(now)
  say "Building the SDK stand-in $sdk_standin..."
  standin_ctr=$(buildah from scratch)
  mnt=$(buildah mount "$standin_ctr")
  cp -a "$rootfs/." "$mnt/"
  mkdir -p "$mnt/usr/share/dotnet"
  cp -a /usr/share/dotnet/. "$mnt/usr/share/dotnet/"
  ln -sf /usr/share/dotnet/dotnet "$mnt/usr/bin/dotnet"
  cp /etc/ssl/certs/ca-certificates.crt "$mnt/etc/ssl/certs/ca-certificates.crt"
  buildah umount "$standin_ctr" >/dev/null
  buildah config "${standin_config[@]}" --env DOTNET_NOLOGO=true --env NUGET_XMLDOC_MODE=skip \
    --env DOTNET_GENERATE_ASPNET_CERTIFICATE=false --cmd /bin/bash \
    --label "org.opencontainers.image.description=Local stand-in for mcr.microsoft.com/dotnet/sdk:10.0 (deploy/image/build.sh)" \
    "$standin_ctr"
  buildah commit --quiet --rm "$standin_ctr" "$sdk_standin" >/dev/null
  standin_ctr=""
  record "SDK stand-in" "$(since "$t")"
else
  say "SDK stand-in $sdk_standin present: reused."
fi

if [ "${REBUILD_STANDINS:-false}" = "true" ] || ! image_exists "$runtime_standin"; then
  make_rootfs
  t=$(now)
  say "Building the runtime stand-in $runtime_standin..."
  standin_ctr=$(buildah from scratch)
  mnt=$(buildah mount "$standin_ctr")
  cp -a "$rootfs/." "$mnt/"
  mkdir -p "$mnt/usr/share/dotnet"
  cp -a /usr/share/dotnet/dotnet /usr/share/dotnet/host /usr/share/dotnet/shared "$mnt/usr/share/dotnet/"
  ln -sf /usr/share/dotnet/dotnet "$mnt/usr/bin/dotnet"
  buildah umount "$standin_ctr" >/dev/null
  # The same user as Microsoft's aspnet image: app, uid/gid 1654, with a home directory.
  buildah run --isolation chroot "$standin_ctr" -- /bin/sh -c \
    "groupadd --gid=$app_uid app && useradd --no-log-init --uid=$app_uid --gid=$app_uid --create-home app"
  buildah config "${standin_config[@]}" --env APP_UID=$app_uid --env ASPNETCORE_HTTP_PORTS=8080 \
    --label "org.opencontainers.image.description=Local stand-in for mcr.microsoft.com/dotnet/aspnet:10.0 (deploy/image/build.sh)" \
    "$standin_ctr"
  buildah commit --quiet --rm "$standin_ctr" "$runtime_standin" >/dev/null
  standin_ctr=""
  record "runtime stand-in" "$(since "$t")"
else
  say "Runtime stand-in $runtime_standin present: reused."
fi
[ -n "$work" ] && { rm -rf --one-file-system "$work"; work=""; }

# --- 3. the project's Dockerfile -----------------------------------------------------------------------------------
old_id=$(buildah inspect --type image --format '{{.FromImageID}}' "$image" 2>/dev/null || true)
t=$(now)
say "buildah bud: Dockerfile -> $image (SDK_IMAGE=$sdk_standin, RUNTIME_IMAGE=$runtime_standin)..."
# --format docker keeps HEALTHCHECK (the OCI image format has no field for it and buildah would drop it).
timeout "$build_timeout" buildah --storage-driver "$driver" bud --isolation chroot --format docker --pull=never \
  --build-arg "SDK_IMAGE=$sdk_standin" --build-arg "RUNTIME_IMAGE=$runtime_standin" \
  -f Dockerfile -t "$image" . >&2 || die "buildah bud (exit $?)"
record "buildah bud (Dockerfile)" "$(since "$t")"
image_id=$(buildah inspect --type image --format '{{.FromImageID}}' "$image")
if [ -n "$old_id" ] && [ "$old_id" != "$image_id" ]; then
  buildah rmi "$old_id" >/dev/null 2>&1 && say "Removed the previous build ${old_id:0:12}."
fi

# What the image itself says to run: user, working directory, environment, entry point, health check.
fmt() { buildah inspect --type image --format "$1" "$image"; }
user=$(fmt '{{.Docker.Config.User}}')
workdir=$(fmt '{{.Docker.Config.WorkingDir}}')
mapfile -t entrypoint < <(fmt '{{range .Docker.Config.Entrypoint}}{{println .}}{{end}}' | sed '/^$/d')
mapfile -t health_test < <(fmt '{{if .Docker.Config.Healthcheck}}{{range .Docker.Config.Healthcheck.Test}}{{println .}}{{end}}{{end}}' | sed '/^$/d')
[ "$user" = "app" ] || die "the image's USER is '$user', expected app"
[ "${#entrypoint[@]}" -gt 0 ] || die "the image has no ENTRYPOINT"
[ "${health_test[0]:-}" = "CMD" ] || die "the image has no HEALTHCHECK (exec form)"

# --- 4. run it against the local PostgreSQL ---------------------------------------------------------------------------
connection="$(GA_DB_NAME=gobiernoabierto_image deploy/local/ensure-postgres.sh --fresh)"
# Npgsql 10 tries GSS (Kerberos) session encryption by default, and Microsoft's .NET 8+ images ship no Kerberos
# library: each attempt logs "Cannot load library libgssapi_krb5.so.2". Password authentication needs none of it.
connection="$connection;GSS Encryption Mode=Disable"
# Secrets as production needs them: a random 32-byte voter key secret, random bearer tokens given to the service only
# as SHA-256 hashes. They live for this run only.
voter_secret=$(openssl rand -base64 32)
staff_token=$(openssl rand -hex 32); auditor_token=$(openssl rand -hex 32)
sha() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

# Loopback only: chroot isolation shares the host's network, so the service must not bind the image's http://+:8080.
env_args=(--env ASPNETCORE_URLS="http://127.0.0.1:$port" --env ASPNETCORE_ENVIRONMENT=Production
  --env ConnectionStrings__GobiernoAbierto="$connection" --env Voting__VoterKeySecret="$voter_secret"
  --env "Auth__Keys__0__Name=Personal municipal" --env Auth__Keys__0__Role=staff --env Auth__Keys__0__TokenSha256="$(sha "$staff_token")"
  --env Auth__Keys__1__Name=IEEQ --env Auth__Keys__1__Role=auditor --env Auth__Keys__1__TokenSha256="$(sha "$auditor_token")"
  --env Hosting__PublicOrigin=https://participa.example.mx --env Hosting__ReverseProxy__KnownProxies=127.0.0.1
  --env Seed__LoadSample=true)

if curl -s -o /dev/null "http://127.0.0.1:$port/"; then die "something already answers on 127.0.0.1:$port (set PORT)"; fi

t=$(now)
run_ctr=$(buildah from --pull=never "$image")
# buildah run applies the container's USER, WORKDIR and ENV (the image's, plus these), not its ENTRYPOINT. Set here, the
# secrets stay in buildah's root-only storage instead of the command line of a long-running process (visible in ps).
buildah config "${env_args[@]}" "$run_ctr"
record "buildah from + config (container)" "$(since "$t")"
log=$(mktemp /tmp/gobiernoabierto-image-run.XXXXXX.log)
t=$(now)
say "buildah run --user $user: ${entrypoint[*]} (log: $log)"
# setsid: the container's processes form their own process group, which the exit trap stops as a whole.
setsid buildah --storage-driver "$driver" run --isolation chroot --user "$user" --workingdir "$workdir" \
  "$run_ctr" -- "${entrypoint[@]}" >"$log" 2>&1 &
run_pid=$!

ready=""
deadline=$((SECONDS + ready_timeout))
while [ $SECONDS -lt $deadline ]; do
  kill -0 "$run_pid" 2>/dev/null || { tail -n 40 "$log" >&2; die "the container's process exited before it was ready"; }
  if curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready"; then ready=yes; break; fi
  sleep 0.25
done
[ -n "$ready" ] || { tail -n 40 "$log" >&2; die "/health/ready did not answer within ${ready_timeout}s"; }
ready_s=$(since "$t")
record "start -> /health/ready" "$ready_s"

# --- 5. checks -------------------------------------------------------------------------------------------------------
ok=true
check() { local label="$1"; shift; if "$@"; then say "ok    $label"; else say "FAIL  $label"; ok=false; fi; }

ready_body=$(curl -s -w ' (HTTP %{http_code})' "http://127.0.0.1:$port/health/ready")
check "/health/ready: $ready_body" [ "${ready_body##* (HTTP }" = "200)" ]

svc_pid=$(pgrep -s "$run_pid" -x dotnet | head -n1 || true)
svc_uid=$( [ -n "$svc_pid" ] && awk '$1 == "Uid:" { print $2 }' "/proc/$svc_pid/status" || echo "?")
svc_root=$( [ -n "$svc_pid" ] && readlink "/proc/$svc_pid/root" || echo "?")
check "service process $svc_pid runs as uid $svc_uid (app)" [ "$svc_uid" = "$app_uid" ]
# buildah bind-mounts the container's file system at a temporary path before chroot: compare files, not paths.
ctr_mount=$(buildah inspect --format '{{.MountPoint}}' "$run_ctr")
check "its / is the container's file system ($svc_root = $ctr_mount)" \
  [ "/proc/$svc_pid/root/app/GobiernoAbierto.dll" -ef "$ctr_mount/app/GobiernoAbierto.dll" ]
check "the letters' fonts are in the image (fonts-dejavu-core)" [ -f "$ctr_mount/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf" ]

leaked=0
for p in $(pgrep -s "$run_pid"); do grep -aqF -e "$voter_secret" -e "$connection" "/proc/$p/cmdline" 2>/dev/null && leaked=$((leaked + 1)); done
check "no secret on the command line of the container's $(pgrep -s "$run_pid" | wc -l) processes ($leaked)" [ "$leaked" -eq 0 ]

health_cmd=("${health_test[@]:1}" "http://127.0.0.1:$port/health/ready")
health_rc=0
timeout 60 buildah --storage-driver "$driver" run --isolation chroot --user "$user" --workingdir "$workdir" "$run_ctr" -- "${health_cmd[@]}" \
  >/dev/null 2>&1 || health_rc=$?
check "the image's HEALTHCHECK command (${health_cmd[*]}) exit $health_rc" [ "$health_rc" -eq 0 ]

check "hosting environment is Production (service log)" grep -q "Hosting environment: Production" "$log"

jornadas=$(curl -s "http://127.0.0.1:$port/api/jornadas")
jornada_id=$(jq -r '.[0].id // empty' <<<"$jornadas" 2>/dev/null || true)
check "GET /api/jornadas lists the sample Jornada ($(jq -r '.[0].title // "none"' <<<"$jornadas" 2>/dev/null))" [ -n "$jornada_id" ]
if [ -n "$jornada_id" ]; then
  anon=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/jornadas/$jornada_id/audit/verification")
  check "audit verification without a token: HTTP $anon" [ "$anon" = "401" ]
  audited=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $auditor_token" \
    "http://127.0.0.1:$port/api/jornadas/$jornada_id/audit/verification")
  check "audit verification with the IEEQ token (hashed in config): HTTP $audited" [ "$audited" = "200" ]
fi
headers=$(curl -sI "http://127.0.0.1:$port/index.html" | tr -d '\r')
check "CSP header on a page, with frame-ancestors 'none'" grep -qi "^content-security-policy: .*frame-ancestors 'none'" <<<"$headers"
check "X-Content-Type-Options: nosniff on a page" grep -qi '^x-content-type-options: nosniff' <<<"$headers"
check "no Server header" bash -c '! grep -qi "^server:"' <<<"$headers"
hsts=$(curl -sI -H "Host: participa.example.mx" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$port/index.html" | tr -d '\r' | grep -i '^strict-transport-security:' || true)
check "HSTS when the proxy relays HTTPS ($hsts)" [ -n "$hsts" ]
scalar=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/scalar/v1")
check "no API reference page in Production: /scalar/v1 HTTP $scalar" [ "$scalar" = "404" ]
errors=$(grep -c -E '^(fail|crit):' "$log" || true)
check "no error-level entries in the service log ($errors)" [ "$errors" -eq 0 ]
gss=$(grep -c 'libgssapi_krb5' "$log" || true)
check "no Kerberos library probe in the log ($gss lines; GSS Encryption Mode=Disable)" [ "$gss" -eq 0 ]

t=$(now)
stop_container
stop_s=$(since "$t")
record "SIGTERM -> stopped" "$stop_s"
check "graceful stop on SIGTERM in ${stop_s} s, exit status $run_rc" grep -q "Application is shutting down" "$log"

# --- 6. report -------------------------------------------------------------------------------------------------------
size=$(buildah images --format '{{.Size}}' "$image" | head -n1)
echo "image     $image"
echo "id        $image_id"
echo "size      $size"
echo "user      $user (uid $svc_uid)    entrypoint: ${entrypoint[*]}    healthcheck: ${health_test[*]:1}"
for s in "$sdk_standin" "$runtime_standin"; do echo "base      $s  $(buildah images --format '{{.Size}}' "$s" | head -n1)"; done
echo "timings"
for line in "${timings[@]}"; do echo "  $line"; done
echo "  $(printf '%-34s %8s s' total "$(since "$total_start")")"
$ok || die "some checks failed (service log: $log)"
echo "result    image built, ran as uid $svc_uid, ready in ${ready_s} s, healthcheck exit $health_rc"
