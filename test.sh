#!/usr/bin/env bash
# Runs every test: unit, integration against a real PostgreSQL, browser tests in a real Chromium.
#
# PostgreSQL, in this order: GOBIERNOABIERTO_TEST_PG if set; Testcontainers when a Docker engine answers;
# otherwise a local PostgreSQL this script installs (Debian package) and starts, with a fresh test database.
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Unit"
set -euo pipefail
cd "$(dirname "$0")"

command -v dotnet >/dev/null || { echo "Falta el SDK de .NET 10 (dotnet). / The .NET 10 SDK is required." >&2; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ -z "${GOBIERNOABIERTO_TEST_PG:-}" ]; then
  if timeout 10 docker info >/dev/null 2>&1; then
    echo "[test] Docker responde: las pruebas usarán Testcontainers.PostgreSql." >&2
  else
    echo "[test] Sin Docker: usando PostgreSQL local (se instala e inicia si falta)." >&2
    GOBIERNOABIERTO_TEST_PG="$(GA_DB_NAME=gobiernoabierto_tests deploy/local/ensure-postgres.sh --fresh)"
    case "$GOBIERNOABIERTO_TEST_PG" in Host=*) ;; *) echo "[test] ensure-postgres.sh no devolvió una cadena de conexión: $GOBIERNOABIERTO_TEST_PG" >&2; exit 1;; esac
    export GOBIERNOABIERTO_TEST_PG
  fi
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "[test] Instalando Chromium de Debian para las pruebas de navegador (apt-get install chromium)..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# The differential test of the three export verifiers runs verificar.html's js/verificador.js under Node (ShellRecipeTests).
if ! command -v node >/dev/null; then
  echo "[test] Instalando Node.js de Debian para probar el verificador de la página con los mismos archivos (apt-get install nodejs)..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null
fi

# The voting-code letters (PDF) print in DejaVu Sans and DejaVu Sans Mono, read from Debian's fonts-dejavu-core at run
# time (src/GobiernoAbierto/Credentials/LetterFonts.cs); GOBIERNOABIERTO_FONT_DIR points elsewhere.
if [ -z "${GOBIERNOABIERTO_FONT_DIR:-}" ] && [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf ]; then
  echo "[test] Instalando las fuentes DejaVu de Debian para las cartas en PDF (apt-get install fonts-dejavu-core)..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
fi

# The test process keeps about 650 assembly files open for the runtime code generation, plus its hosts' connections:
# a soft limit of 1,024 open files (a fresh machine's default) leaves little room, so take what the hard limit allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

echo "[test] dotnet test GobiernoAbierto.sln ..." >&2
exec dotnet test GobiernoAbierto.sln -c Release --logger "console;verbosity=normal" "$@"
