#!/usr/bin/env bash
# Regenerates the code Wolverine generates for the API's endpoints (src/GobiernoAbierto/Internal/Generated), which the
# service compiles in and runs outside Development. Run it after changing an endpoint's signature, its middleware or an
# endpoint policy; the test the_committed_endpoint_code_is_what_wolverine_generates_now says when it is due.
set -euo pipefail
cd "$(dirname "$0")"
generated=src/GobiernoAbierto/Internal/Generated
# The old files go first: code generated for a signature that changed may no longer compile.
rm -rf "$generated"
dotnet build -c Debug -v quiet -nologo src/GobiernoAbierto >/dev/null
# The host is built, never started: nothing connects to the database named here.
Wolverine__GeneratedCodeOutputPath="$generated" ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__GobiernoAbierto="Host=127.0.0.1;Database=codegen;Username=codegen" \
  dotnet src/GobiernoAbierto/bin/Debug/net10.0/GobiernoAbierto.dll codegen write
