#!/usr/bin/env bash
# Runs the GobiernoAbierto service with the Querétaro 2020 sample Jornada loaded.
# Installs and starts a local PostgreSQL first when none is running (Debian; needs root or sudo).
#
#   ./run.sh                      # http://127.0.0.1:5080  (PORT=8080 ./run.sh for another port)
#   ./run.sh --fresh              # the same on an emptied database: the sample data is loaded anew
#   GA_DB_NAME=otra ./run.sh      # another local database (default gobiernoabierto; deploy/local/ensure-postgres.sh)
#
# Uses ConnectionStrings__GobiernoAbierto when set; ASPNETCORE_ENVIRONMENT defaults to Development, whose
# configuration (src/GobiernoAbierto/appsettings.Development.json) holds public demo credentials only.
set -euo pipefail
cd "$(dirname "$0")"

fresh=""
case "${1:-}" in
  "") ;;
  --fresh) fresh="--fresh" ;;
  *) echo "Uso: ./run.sh [--fresh]   (--fresh borra la base local y vuelve a cargar los datos de ejemplo)" >&2; exit 2 ;;
esac
if [ -n "$fresh" ] && [ -n "${ConnectionStrings__GobiernoAbierto:-}" ]; then
  echo "[run] --fresh borra la base local que prepara deploy/local/ensure-postgres.sh; con ConnectionStrings__GobiernoAbierto definida no se borra nada." >&2
  exit 2
fi

command -v dotnet >/dev/null || { echo "Falta el SDK de .NET 10 (dotnet). / The .NET 10 SDK is required." >&2; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# The voting-code letters (PDF) print in DejaVu Sans and DejaVu Sans Mono, read from Debian's fonts-dejavu-core at run
# time (src/GobiernoAbierto/Credentials/LetterFonts.cs); GOBIERNOABIERTO_FONT_DIR points elsewhere.
if [ -z "${GOBIERNOABIERTO_FONT_DIR:-}" ] && [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf ]; then
  echo "[run] Instalando las fuentes DejaVu de Debian para las cartas en PDF (apt-get install fonts-dejavu-core)..." >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null
fi

if [ -z "${ConnectionStrings__GobiernoAbierto:-}" ]; then
  ConnectionStrings__GobiernoAbierto="$(deploy/local/ensure-postgres.sh $fresh)"
  case "$ConnectionStrings__GobiernoAbierto" in Host=*) ;; *) echo "[run] ensure-postgres.sh no devolvió una cadena de conexión: $ConnectionStrings__GobiernoAbierto" >&2; exit 1;; esac
  export ConnectionStrings__GobiernoAbierto
fi
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
port="${PORT:-5080}"

echo "[run] Compilando y arrancando GobiernoAbierto en http://127.0.0.1:$port ..." >&2
echo "[run]   Kiosco:      http://127.0.0.1:$port/kiosco.html#configurar=kiosco_demo-felix-osores-01  (enlace de configuración de ejemplo)" >&2
echo "[run]   En línea:    http://127.0.0.1:$port/votar.html   (claves de elector y códigos de ejemplo: se muestran al arrancar)" >&2
echo "[run]   Consola:     http://127.0.0.1:$port/consola/entrar (cuentas de desarrollo: se muestran al arrancar)" >&2
echo "[run]   API:         http://127.0.0.1:$port/scalar/v1" >&2
exec dotnet run --project src/GobiernoAbierto -c Release --urls "http://127.0.0.1:$port"
