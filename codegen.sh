#!/usr/bin/env bash
# Regenerates the code Wolverine generates for the API's endpoints (src/GobiernoAbierto/Internal/Generated), which the
# service compiles in and runs outside Development. Run it after adding, removing or changing an endpoint (its signature,
# the services it takes, its validator, its middleware) or an endpoint policy, or after upgrading Wolverine; the test
# the_committed_endpoint_code_is_what_wolverine_generates_now says when it is due. Then commit what it wrote.
set -euo pipefail
cd "$(dirname "$0")"
generated=src/GobiernoAbierto/Internal/Generated
work="$(mktemp -d /tmp/ga-codegen.XXXXXX)"
# The old files are set aside first (code generated for a signature that changed may no longer compile) and come back
# if anything below fails.
restore() { if [ -d "$work/kept" ]; then rm -rf "$generated"; mv "$work/kept" "$generated"; fi; rm -rf "$work"; }
trap restore EXIT
build() {
  dotnet build -c Debug -v quiet -nologo src/GobiernoAbierto >"$work/build.log" 2>&1 || {
    cat "$work/build.log" >&2; echo "codegen.sh: la compilación falló ($1); Internal/Generated queda como estaba." >&2; exit 1; }
}
if [ -d "$generated" ]; then mv "$generated" "$work/kept"; fi
build "sin el código generado"
# As the test generates it: Testing, none of this shell's settings for the service. The host is built, never started:
# nothing connects to the database named here, and the secret is a placeholder.
clean=(); for v in $(compgen -e); do case "$v" in *__*|ASPNETCORE_*|GOBIERNOABIERTO*|DOTNET_ENVIRONMENT) clean+=(-u "$v");; esac; done
env "${clean[@]}" ASPNETCORE_ENVIRONMENT=Testing Wolverine__GeneratedCodeOutputPath="$work/fresh" \
  ConnectionStrings__GobiernoAbierto="Host=127.0.0.1;Database=codegen;Username=codegen" \
  Voting__VoterKeySecret="Y29kZWdlbi1vbmx5LXBsYWNlaG9sZGVyLWNvZGVnZW4tb25seQ==" \
  dotnet src/GobiernoAbierto/bin/Debug/net10.0/GobiernoAbierto.dll codegen write
cp -r "$work/fresh" "$generated"
build "con el código nuevo"
rm -rf "$work/kept" # done: nothing to put back
echo "Listo: $generated. Revise el cambio (git status) y confírmelo."
