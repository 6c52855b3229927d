#!/usr/bin/env bash
# verify-speed.sh: how long `verify` takes over an export of BALLOTS ballots, against sha256sum over the same file, in a
# minute instead of million.sh's casting. It writes a synthetic export (ballots.csv and seal.json, built as the service
# exports them: SHA-256 over jornadaId|position|option|channel|kiosk|receipt|previous_hash, Crockford receipts, one
# Jornada) with python3, checks that `verify` calls it ÍNTEGRA and that the same file with one receipt repeated in a ballot
# chained anew, and a seal that agrees with it, is NO ÍNTEGRA; then times, best of RUNS, sha256sum and verify. Nothing
# is started and nothing is written outside a temporary folder (KEEP=1 keeps it).
#
#   tests/GobiernoAbierto.Benchmarks/verify-speed.sh                  # 1,000,000 ballots, best of 3
#   BALLOTS=100000 RUNS=5 tests/GobiernoAbierto.Benchmarks/verify-speed.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ballots="${BALLOTS:-1000000}"; runs="${RUNS:-3}"
work="$(mktemp -d)"; [ "${KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT
dotnet build -c Release -v quiet -nologo src/GobiernoAbierto >/dev/null
dll=src/GobiernoAbierto/bin/Release/net10.0/GobiernoAbierto.dll

python3 - "$work" "$ballots" <<'PY'
import hashlib, json, os, random, sys, uuid
work, n = sys.argv[1], int(sys.argv[2])
jid, alphabet = str(uuid.uuid4()), "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
def line(p, o, ch, k, r, prev): return hashlib.sha256(f"{jid}|{p}|{o}|{ch}|{k}|{r}|{prev}".encode()).hexdigest()
def seal(name, count, final, counts):
    json.dump({"jornadaId": jid, "title": "Jornada sintética", "ballotCount": count, "finalHash": final, "counts": counts,
               "closedAt": "2021-10-24T18:00:00Z", "closedBy": "verify-speed.sh", "encoding": "boletas-v1"}, open(f"{work}/{name}", "w"))
prev, counts, first = "0" * 64, {"A": 0, "B": 0}, None
with open(f"{work}/ballots.csv", "w") as f:
    f.write("position,option,channel,kiosk,receipt,previous_hash,hash\n")
    for p in range(1, n + 1):
        o = random.choice("AB"); counts[o] += 1
        ch, k = ("online", "-") if p % 3 else ("kiosk", "kiosco-felix-osores-01")
        r = "".join(alphabet[b & 31] for b in os.urandom(12)); r = f"{r[:4]}-{r[4:8]}-{r[8:]}"
        h = line(p, o, ch, k, r, prev); f.write(f"{p},{o},{ch},{k},{r},{prev},{h}\n"); prev = h
        first = first or (o, ch, k, r)
seal("seal.json", n, prev, counts)
# The first ballot copied and chained anew at the end, sealed as the service would seal it.
o, ch, k, r = first
h = line(n + 1, o, ch, k, r, prev)
with open(f"{work}/ballots.csv") as src, open(f"{work}/copied.csv", "w") as dst:
    dst.write(src.read()); dst.write(f"{n + 1},{o},{ch},{k},{r},{prev},{h}\n")
counts[o] += 1; seal("copied-seal.json", n + 1, h, counts)
PY

best() { local b=999999; for _ in $(seq 1 "$runs"); do local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
  b=$(python3 -c "print(min($b, round($e - $s, 3)))"); done; echo "$b"; }
verdict=$(dotnet "$dll" verify --ballots "$work/ballots.csv" --seal "$work/seal.json" | grep -o '^ÍNTEGRA\|^NO ÍNTEGRA' || true)
copied=$(dotnet "$dll" verify --ballots "$work/copied.csv" --seal "$work/copied-seal.json" | grep -o 'repite el recibo' || true)
[ "$verdict" = "ÍNTEGRA" ] || { echo "verify did not call the synthetic export ÍNTEGRA: $verdict" >&2; exit 1; }
[ -n "$copied" ] || { echo "verify did not name the repeated receipt" >&2; exit 1; }
t_sha=$(best sha256sum "$work/ballots.csv")
t_verify=$(best dotnet "$dll" verify --ballots "$work/ballots.csv" --seal "$work/seal.json")
echo "export: $(du -m "$work/ballots.csv" | cut -f1) MiB, $ballots ballots (synthetic); a copied ballot with an agreeing seal: named"
echo "sha256sum ballots.csv: ${t_sha}s"
echo "verify --ballots --seal: ${t_verify}s ($(python3 -c "print(round($t_verify/$t_sha, 2))")x sha256sum) $verdict"
