#!/usr/bin/env python3
"""Load client and checker of the failover rehearsal (deploy/failover/rehearse.sh). Standard library only.

  load.py setup --url URL --staff-token T --closes-in SECONDS [--title T] [--auditor-token T]   -> JSON: the new, open Jornada's id, two kiosk credentials
  load.py load  --url URL --staff-token T --setup setup.json --clients N --duration S --grace S --out results.json
  load.py check --url URL --staff-token T [--auditor-token T] --jornada ID --results results.json --kill-at EPOCH
                --psql-conn "host=... port=... dbname=... user=..." --schema S --dll GobiernoAbierto.dll --conn NPGSQL

`load`: N clients (taking turns on the two kiosks' credentials) cast ballots of distinct voters for S seconds
through the load balancer, while one reader checks fresh receipts and public results and one staff member prepares
other Jornadas. Every ballot has its own Idempotency-Key; a failed attempt (connection error, timeout, 5xx) is retried
with the same key and the same voter until it is acknowledged (201, or 200 with Idempotent-Replayed) or the grace
period after the load ends runs out. Only an acknowledged receipt counts as acknowledged.

`check`: closes nothing (rehearse.sh closes the Jornada first), then compares what the clients were told with what
the database, the export, the receipt endpoint, `verify` and the async projection say, prints the figures and exits
non-zero when an acknowledged ballot is missing, a ballot is doubled, or the chain does not verify.
"""
import argparse
import base64
import collections
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from datetime import datetime, timedelta, timezone

COLONIAS = [
    ("francisco-villa-i", "Francisco Villa I", "felix-osores-sotomayor"),
    ("loma-bonita", "Loma Bonita", "felix-osores-sotomayor"),
    ("el-paraiso", "El Paraíso", "felix-osores-sotomayor"),
    ("rancho-san-pedro-i", "Rancho San Pedro I", "felipe-carrillo-puerto"),
    ("fundadores", "Fundadores", "felipe-carrillo-puerto"),
    ("el-alamo", "El Álamo", "felipe-carrillo-puerto"),
]
DELEGACIONES = [
    {"id": "felix-osores-sotomayor", "name": "Félix Osores Sotomayor"},
    {"id": "felipe-carrillo-puerto", "name": "Felipe Carrillo Puerto"},
]
RETRYABLE = {500, 502, 503, 504}


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Http:
    """One keep-alive HTTP/1.1 connection to the load balancer, reopened after any error."""

    def __init__(self, url, timeout=10.0):
        parts = urllib.parse.urlsplit(url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("the rehearsal runs against loopback only")
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        self.conn = None

    def request(self, method, path, token=None, body=None, headers=None):
        """Returns (status, headers, body bytes); raises OSError / http.client errors on transport failure."""
        h = {"Accept": "application/json"}
        if token:
            h["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self.conn.request(method, path, body=data, headers=h)
            response = self.conn.getresponse()
            payload = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, response, payload
        except Exception:
            self.close()
            raise

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            finally:
                self.conn = None


def call(url, method, path, token=None, body=None, expect=(200, 201), attempts=30):
    """Staff/auditor calls of the rehearsal itself: retried while the service says it is unavailable."""
    client = Http(url, timeout=60)
    last = None
    for _ in range(attempts):
        try:
            status, _, payload = client.request(method, path, token, body)
            if status in expect:
                return payload
            last = f"{status} {payload[:300]!r}"
            if status not in RETRYABLE:
                break
        except (OSError, http.client.HTTPException) as e:
            last = repr(e)
        time.sleep(1)
    raise SystemExit(f"{method} {path} failed: {last}")


def clave(n):
    """A distinct, well-formed clave de elector per n (6 letters, birth date, state 01-32, sex, 3 digits)."""
    letters, x = [], n
    for _ in range(6):
        letters.append(chr(ord("A") + x % 26))
        x //= 26
    return (f"{''.join(reversed(letters))}{80 + n % 20:02d}{1 + n % 12:02d}{1 + n % 28:02d}"
            f"{1 + n % 32:02d}{'HM'[n % 2]}{n % 1000:03d}")


# ---------------------------------------------------------------------------------------------------------- setup
def setup(a):
    now = datetime.now(timezone.utc)
    iso = lambda t: t.isoformat(timespec="seconds").replace("+00:00", "Z")
    created = json.loads(call(a.url, "POST", "/api/jornadas", a.staff_token, {
        "title": a.title,
        "votingOpensAt": iso(now - timedelta(minutes=1)),
        "votingClosesAt": iso(now + timedelta(seconds=a.closes_in)),
        "voterIdKind": "ClaveElector",
        "delegaciones": DELEGACIONES,
        "colonias": [{"id": c, "name": n, "delegacionId": d} for c, n, d in COLONIAS],
    }))
    jid = created["id"]
    call(a.url, "PUT", f"/api/jornadas/{jid}/options", a.staff_token, {"options": [
        {"title": "Obra A (ensayo)", "description": "Opción A del ensayo", "estimatedCost": 1000000},
        {"title": "Obra B (ensayo)", "description": "Opción B del ensayo", "estimatedCost": 1200000},
    ]})
    kiosks = []
    for kiosk_id, name in (("kiosco-ensayo-01", "Kiosco 1 del ensayo"), ("kiosco-ensayo-02", "Kiosco 2 del ensayo")):
        registration = json.loads(call(a.url, "POST", f"/api/jornadas/{jid}/kiosks", a.staff_token,
                                       {"kioskId": kiosk_id, "name": name, "location": "Delegación (ensayo)"}))
        # What the kiosk page does with its configuration link: the device's own credential, the one that votes.
        # (made here, so a retried exchange sends the same one and is answered as done)
        device = "kiosco_" + base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
        activation = json.loads(call(a.url, "POST", f"/api/jornadas/{jid}/kiosks/{kiosk_id}/activation", registration["credential"],
                                     {"credential": device}))
        if not activation["authorized"]:   # the IEEQ's observer types the fingerprint the kiosk shows
            if not a.auditor_token:
                sys.exit("load.py: this service has an IEEQ auditor, so its kiosks need one's authorization: pass --auditor-token")
            call(a.url, "POST", f"/api/jornadas/{jid}/kiosks/{kiosk_id}/authorization", a.auditor_token,
                 {"fingerprint": activation["fingerprint"]})
        kiosks.append(device)
    call(a.url, "POST", f"/api/jornadas/{jid}/open", a.staff_token)
    print(json.dumps({"jornada": jid, "kiosks": kiosks}))


# ----------------------------------------------------------------------------------------------------------- load
class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.acked = []           # [receipt, ack wall time, attempts, replayed]
        self.attempts = collections.Counter()   # outcome of every attempt: "201", "503 service_unavailable", "timeout"...
        self.per_second = collections.defaultdict(lambda: [0, 0])   # wall second -> [acks, failed attempts]
        self.gave_up = 0          # ballots never acknowledged within the grace period
        self.refused = []         # ballots refused for good (4xx): should never happen here
        self.server_errors = []   # (time, status, body) of every 500
        self.reads = collections.Counter()   # outcome of the reader's GETs (receipt check, public results)
        self.staff = collections.Counter()   # outcome of the staff writer's requests
        self.unknown_reads = []   # (time, receipt) when an acknowledged receipt was not counted yet during the load


def cast(client, a, token, n, results, stop_retrying):
    key = str(uuid.uuid4())
    colonia = COLONIAS[n % len(COLONIAS)][0]
    body = {"voterId": clave(n), "coloniaId": colonia, "optionId": "A" if n % 3 else "B"}
    path = f"/api/jornadas/{a.jornada}/ballots"
    attempts = 0
    while True:
        attempts += 1
        try:
            status, response, payload = client.request("POST", path, token, body, {"Idempotency-Key": key})
            outcome = str(status)
            if status >= 400:
                try:
                    outcome += " " + json.loads(payload).get("code", "")
                except ValueError:
                    outcome += " (not json)"
        except TimeoutError:
            status, outcome = None, "timeout"
        except (OSError, http.client.HTTPException) as e:
            status, outcome = None, type(e).__name__
        now = time.time()
        with results.lock:
            results.attempts[outcome] += 1
            if status in (200, 201):
                replayed = response.getheader("Idempotent-Replayed") == "true"
                if status == 200 and not replayed:
                    results.refused.append((n, outcome, "200 without Idempotent-Replayed"))
                    return
                results.acked.append([json.loads(payload)["receipt"], now, attempts, replayed])
                results.per_second[int(now)][0] += 1
                return
            results.per_second[int(now)][1] += 1
            if status == 500:
                results.server_errors.append((now, status, payload[:500].decode(errors="replace")))
            if status is not None and status not in RETRYABLE:
                results.refused.append((n, outcome, payload[:300].decode(errors="replace")))
                return
            if now > stop_retrying:
                results.gave_up += 1
                return
        time.sleep(0.2 + random.random() * 0.3)


def load(a):
    results = Results()
    counter = iter(range(10 ** 9))
    counter_lock = threading.Lock()
    start = time.time()
    stop_new, stop_retrying = start + a.duration, start + a.duration + a.grace

    setup = json.load(open(a.setup))
    a.jornada = setup["jornada"]
    # Every client casts through one of the two kiosks (their credential is checked against the database on every
    # request). Online ballots need each voter's code from a letter; the failover is the same for both channels.
    tokens = [setup["kiosks"][i % 2] for i in range(a.clients)]

    def client_loop(token):
        client = Http(a.url, timeout=a.timeout)
        while time.time() < stop_new:
            with counter_lock:
                n = next(counter)
            cast(client, a, token, n, results, stop_retrying)
            if a.pause > 0:
                time.sleep(a.pause)
        client.close()

    def reader_loop():
        """One reader checks receipts already acknowledged and the public results while the load runs: reads must
        fail over too, and answer 503 (never 500) while no database answers."""
        client = Http(a.url, timeout=a.timeout)
        while time.time() < stop_new:
            with results.lock:
                # One of the 50 freshest receipts: most still wait in the sealed urn, as a voter checking at once would.
                code = random.choice(results.acked[-50:])[0] if results.acked else None
            paths = [f"/api/jornadas/{a.jornada}/results"] + ([f"/api/receipts/{code}"] if code else [])
            for path in paths:
                try:
                    status, _, payload = client.request("GET", path)
                    outcome = f"{path.split('/')[2]} {status}"
                    # Not counted yet: most often still in the sealed urn, which the check never tells apart (README,
                    # «Receipt»); the end compares each such receipt with the export.
                    if status == 200 and "receipts" in path and not json.loads(payload).get("counted"):
                        outcome += " not counted yet"
                        with results.lock:
                            results.unknown_reads.append((time.time(), code))
                    if status == 500:
                        with results.lock:
                            results.server_errors.append((time.time(), status, f"GET {path}: " + payload[:400].decode(errors="replace")))
                except TimeoutError:
                    outcome = f"{path.split('/')[2]} timeout"
                except (OSError, http.client.HTTPException) as e:
                    outcome = f"{path.split('/')[2]} {type(e).__name__}"
                with results.lock:
                    results.reads[outcome] += 1
            time.sleep(0.1)
        client.close()

    def staff_loop():
        """Staff prepare other Jornadas meanwhile (create, set options): ordinary writes through Marten sessions must
        fail over too. Each step is tried once; the outcomes are counted."""
        client = Http(a.url, timeout=a.timeout)
        now = datetime.now(timezone.utc)
        iso = lambda t: t.isoformat(timespec="seconds").replace("+00:00", "Z")
        while time.time() < stop_new:
            steps = [("POST", "/api/jornadas", {
                "title": "Jornada en preparación (ensayo)", "votingOpensAt": iso(now + timedelta(days=7)),
                "votingClosesAt": iso(now + timedelta(days=8)), "voterIdKind": "Curp", "delegaciones": DELEGACIONES,
                "colonias": [{"id": c, "name": n, "delegacionId": d} for c, n, d in COLONIAS]})]
            for method, path, body in steps:
                try:
                    status, _, payload = client.request(method, path, a.staff_token, body)
                    outcome = f"{method} {path.split('/')[-1] if 'options' in path else 'jornadas'} {status}"
                    if status == 201 and method == "POST":
                        steps.append(("PUT", f"/api/jornadas/{json.loads(payload)['id']}/options", {"options": [
                            {"title": "Obra X", "description": "x", "estimatedCost": 1},
                            {"title": "Obra Y", "description": "y", "estimatedCost": 2}]}))
                    if status >= 400:
                        try:
                            outcome += " " + json.loads(payload).get("code", "")
                        except ValueError:
                            pass
                    if status == 500:
                        with results.lock:
                            results.server_errors.append((time.time(), status, f"{method} {path}: " + payload[:400].decode(errors="replace")))
                except TimeoutError:
                    outcome = f"{method} timeout"
                except (OSError, http.client.HTTPException) as e:
                    outcome = f"{method} {type(e).__name__}"
                with results.lock:
                    results.staff[outcome] += 1
            time.sleep(0.5)
        client.close()

    threads = [threading.Thread(target=client_loop, args=(token,), daemon=True) for token in tokens]
    threads.append(threading.Thread(target=reader_loop, daemon=True))
    threads.append(threading.Thread(target=staff_loop, daemon=True))
    for t in threads:
        t.start()
    last_report = start
    while any(t.is_alive() for t in threads):
        time.sleep(1)
        if time.time() - last_report >= 10:
            last_report = time.time()
            with results.lock:
                log(f"load: {len(results.acked)} acknowledged, attempts {dict(results.attempts)}")
    with open(a.out, "w") as f:
        json.dump({
            "start": start, "end": time.time(), "stop_new": stop_new, "clients": a.clients,
            "ballots_started": next(counter), "acked": results.acked, "attempts": results.attempts,
            "per_second": results.per_second, "gave_up": results.gave_up, "refused": results.refused,
            "server_errors": results.server_errors, "reads": results.reads, "unknown_reads": results.unknown_reads, "staff": results.staff,
        }, f)
    log(f"load done: {len(results.acked)} acknowledged, {results.gave_up} gave up, {len(results.refused)} refused")


# ---------------------------------------------------------------------------------------------------------- check
def psql(a, sql):
    out = subprocess.run(["psql", a.psql_conn, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         check=True, capture_output=True, text=True, env=dict(os.environ)).stdout.strip()
    return out


def longest_gap(times, start, end):
    """Longest stretch without an acknowledgement between the load's start and the end of new ballots."""
    points = [start] + sorted(t for t in times if start <= t <= end) + [end]
    best, at = 0.0, start
    for x, y in zip(points, points[1:]):
        if y - x > best:
            best, at = y - x, x
    return best, at


def check(a):
    r = json.load(open(a.results))
    acked = {row[0]: row for row in r["acked"]}
    doubled_ack = len(r["acked"]) - len(acked)   # the same receipt acknowledged for two ballots
    jid, s = a.jornada, a.schema
    failures = []

    # The ballots (receipts beside choices) are the IEEQ's export; staff read them only on a service without an IEEQ.
    csv = call(a.url, "GET", f"/api/jornadas/{jid}/audit/ballots.csv", a.auditor_token or a.staff_token).decode()
    rows = [line.split(",") for line in csv.strip().splitlines()[1:]]
    exported = collections.Counter(row[4] for row in rows)
    seal = json.loads(call(a.url, "GET", f"/api/jornadas/{jid}/audit/seal", a.staff_token))
    verification = json.loads(call(a.url, "GET", f"/api/jornadas/{jid}/audit/verification", a.staff_token))

    lost = sorted(code for code in acked if code not in exported)
    duplicated_receipts = sum(c - 1 for c in exported.values() if c > 1)
    counted_unacked = sum(1 for code in exported if code not in acked)

    # The receipt endpoint, for every ballot acknowledged within 10 s of the kill (the risky ones) and a sample of the rest.
    kill = a.kill_at
    risky = [c for c, row in acked.items() if abs(row[1] - kill) <= 10]
    others = [c for c in acked if c not in set(risky)]
    sample = risky + random.sample(others, min(200, len(others)))
    client = Http(a.url, timeout=30)
    not_counted = []
    for code in sample:
        status, _, payload = client.request("GET", f"/api/receipts/{code}")
        if status != 200 or not json.loads(payload).get("counted"):
            not_counted.append((code, status, payload[:200]))

    participations = int(psql(a, f"select count(*) from {s}.participations where jornada_id = '{jid}'"))
    ballots = int(psql(a, f"select count(*) from {s}.mt_events where stream_id = '{jid}' and type = 'ballot_cast'"))
    distinct_receipts = int(psql(a, f"select count(distinct data->>'Receipt') from {s}.mt_events "
                                    f"where stream_id = '{jid}' and type = 'ballot_cast'"))
    in_urn = int(psql(a, f"select count(*) from {s}.sealed_urns, unnest(ids) where jornada_id = '{jid}'"))
    doubled = max(0, ballots - participations) + (ballots - distinct_receipts) + duplicated_receipts + doubled_ack

    verify = subprocess.run(["dotnet", a.dll, "verify", "--database", a.conn, "--jornada", jid, "--schema", s,
                             "--expected-seal", seal["finalHash"]], capture_output=True, text=True)

    # The async daemon (hot/cold, one of the two instances) must have caught up with every event, failover or not.
    deadline, progress, head = time.time() + 60, "", 0
    while time.time() < deadline:
        head = int(psql(a, f"select coalesce(max(seq_id), 0) from {s}.mt_events"))
        progress = psql(a, f"select name || '=' || last_seq_id from {s}.mt_event_progression order by name")
        # Projection shards are named "Projection:Shard"; HighWaterMark and its helper rows are the daemon's own.
        behind = [p for p in progress.split("\n") if ":" in p.split("=")[0] and int(p.split("=")[1]) < head]
        if not behind:
            break
        time.sleep(2)
    daemon_ok = not behind

    gap, gap_at = longest_gap([row[1] for row in r["acked"]], r["start"], r["stop_new"])
    replayed = sum(1 for row in r["acked"] if row[3])
    retried = sum(1 for row in r["acked"] if row[2] > 1)
    errors_500 = len(r["server_errors"])
    # An operator's mistake that removes a table (the backup rehearsal's DROP TABLE) is a fault of the schema, not an
    # outage: the service answers 500 internal_error until the restore, by design. Only a 500 outside that stretch, or
    # any 500 when the primary was killed (an outage: 503), is a warning.
    dropped = bool(a.event) and "DROP" in a.event
    # The table is gone once the DROP commits, a little after the moment it was typed (it waits for the ballots in
    # flight, which are acknowledged meanwhile): the stretch runs from the first 500 after that moment to the first
    # acknowledgement after that 500.
    gone = min((e[0] for e in r["server_errors"] if e[0] >= kill - 1 and "internal_error" in e[2]), default=kill)
    back = min((row[1] for row in r["acked"] if row[1] > gone), default=r["end"])  # the first acknowledgement after it
    during_mistake, unexpected_500 = [], []
    for e in r["server_errors"]:
        table_gone = dropped and kill - 1 <= e[0] <= back + 1 and "internal_error" in e[2]
        (during_mistake if table_gone else unexpected_500).append(e)

    print(f"jornada {jid}: {r['clients']} clients, {r['stop_new'] - r['start']:.0f} s of load, "
          f"{a.event or 'primary killed'} at +{kill - r['start']:.1f} s")
    print("attempts by outcome: " + ", ".join(f"{k}={v}" for k, v in sorted(r["attempts"].items(), key=lambda kv: -kv[1])))
    print("around the kill (second: acknowledged/failed attempts): " + " ".join(
        f"+{int(sec) - int(r['start'])}:{v[0]}/{v[1]}" for sec, v in sorted(r["per_second"].items(), key=lambda kv: int(kv[0]))
        if -3 <= int(sec) - int(kill) <= max(12, int(gap) + 4)))
    print("reads during the load (GET results / receipt of an acknowledged ballot): "
          + ", ".join(f"{k}={v}" for k, v in sorted(r["reads"].items(), key=lambda kv: -kv[1])))
    waited = [(at, code) for at, code in r["unknown_reads"] if code in exported]
    if waited:
        print(f"receipts read as not counted yet during the load and in the export now (they waited in the sealed urn): {len(waited)}")
    for at, code in r["unknown_reads"]:
        if code not in exported:
            print(f"WARNING: GET /api/receipts/{code} said not counted at +{at - r['start']:.1f} s although it was acknowledged at "
                  f"+{acked[code][1] - r['start']:.1f} s, and it is not in the export")
    print("staff writes during the load (create a Jornada, set its options): "
          + ", ".join(f"{k}={v}" for k, v in sorted(r["staff"].items(), key=lambda kv: -kv[1])))
    print(f"acknowledged ballots retried: {retried} (of which answered from the idempotency record: {replayed}); "
          f"never acknowledged (client gave up): {r['gave_up']}; refused: {len(r['refused'])}; HTTP 500 answers (any client): {errors_500}"
          + (f" ({len(during_mistake)} while the table was gone: a missing table is a schema fault, not an outage)" if during_mistake else ""))
    print(f"database: participations={participations} ballot_cast={ballots} distinct receipts={distinct_receipts} "
          f"left in sealed urn={in_urn}; seal ballotCount={seal['ballotCount']} counts={seal['counts']}")
    print(f"export: {len(rows)} ballots, acknowledged receipts missing={len(lost)}, duplicated receipts={duplicated_receipts}, "
          f"counted but never acknowledged={counted_unacked}")
    print(f"receipt endpoint: {len(sample) - len(not_counted)}/{len(sample)} checked say counted "
          f"({len(risky)} acknowledged within 10 s of {'that moment' if a.event else 'the kill'}, {len(sample) - len(risky)} sampled)")
    print(f"service verification: intact={verification.get('intact')} ballotsChecked={verification.get('ballotsChecked')}; "
          f"verify --database: exit {verify.returncode} ({verify.stdout.strip().splitlines()[-1] if verify.stdout.strip() else verify.stderr.strip()[:200]})")
    print(f"async daemon: event head {head}; projections {progress.replace(chr(10), ', ')}; caught up={daemon_ok}")
    print(f"longest stretch without an acknowledgement: {gap:.1f} s, from +{gap_at - r['start']:.1f} s to "
          f"+{gap_at + gap - r['start']:.1f} s ({a.event or 'the primary was killed'} at +{kill - r['start']:.1f} s)")
    if lost or not_counted:
        failures.append(f"acknowledged but not counted: {(lost + [c for c, *_ in not_counted])[:10]}")
    if doubled:
        failures.append(f"doubled: {doubled}")
    if verify.returncode != 0 or not verification.get("intact"):
        failures.append(f"chain not intact: {verify.stdout} {verify.stderr}")
    if seal["ballotCount"] != len(rows) or len(rows) != ballots or in_urn:
        failures.append("seal, export and events disagree")
    if r["refused"]:
        failures.append(f"refused ballots: {r['refused'][:5]}")
    if not daemon_ok:
        failures.append("the async daemon did not catch up")
    for at, status, text in unexpected_500[:5]:
        print(f"WARNING: 500 instead of 503 at +{at - r['start']:.1f} s: {text}")
    if len(unexpected_500) > 5:
        print(f"WARNING: … and {len(unexpected_500) - 5} more 500 answers")
    for f in failures:
        print(f"FAILED: {f}")
    print(f"FIGURES acknowledged={len(acked)} lost={len(lost) + len(not_counted)} doubled={doubled} "
          f"seconds_without_service={gap:.1f}")
    return 1 if failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--url", required=True)
    s.add_argument("--staff-token", required=True)
    s.add_argument("--auditor-token", help="an IEEQ auditor's, when the service has one: it authorizes the kiosks")
    s.add_argument("--closes-in", type=int, required=True)
    s.add_argument("--title", default="Ensayo de conmutación por falla")
    l = sub.add_parser("load")
    l.add_argument("--url", required=True)
    l.add_argument("--setup", required=True, help="the JSON `setup` printed (Jornada id, kiosk credentials)")
    l.add_argument("--staff-token", required=True)
    l.add_argument("--clients", type=int, default=8)
    l.add_argument("--duration", type=float, default=75)
    l.add_argument("--grace", type=float, default=20)
    l.add_argument("--pause", type=float, default=0.0, help="seconds each client waits between ballots")
    l.add_argument("--timeout", type=float, default=10)
    l.add_argument("--out", required=True)
    c = sub.add_parser("check")
    c.add_argument("--url", required=True)
    c.add_argument("--staff-token", required=True)
    c.add_argument("--auditor-token", help="an IEEQ auditor's, when the service has one: it downloads the ballots")
    c.add_argument("--jornada", required=True)
    c.add_argument("--results", required=True)
    c.add_argument("--kill-at", type=float, required=True, help="when the failure happened (epoch seconds)")
    c.add_argument("--event", help="what happened then, for the printed lines (default: the primary was killed)")
    c.add_argument("--psql-conn", required=True)
    c.add_argument("--schema", default="gobiernoabierto")
    c.add_argument("--dll", required=True)
    c.add_argument("--conn", required=True)
    a = p.parse_args()
    if a.command == "setup":
        setup(a)
    elif a.command == "load":
        load(a)
    else:
        sys.exit(check(a))


if __name__ == "__main__":
    main()
