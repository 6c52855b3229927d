#!/usr/bin/env bash
# db-ceiling.sh: what PostgreSQL alone sustains doing a group commit's SQL, with no service in front of it.
#
# pgbench replays, as one transaction, the statements one group commit of B ballots sends to one Jornada today
# (Voting/BallotBox.cs, Ballots/VotingTables.cs, Marten's append): lock the Jornada's stream row, read its snapshot,
# look up B voter keys and B idempotency keys (one index probe each), read the sealed urn (one row); write B
# participations, B sealed notes, B replay records, B ballot events mixed out of the urn, B counted receipts, rewrite
# the urn's row with the 25 entries (MixSize) a mix leaves in it, bump the stream's version, rewrite the snapshot; commit. C pgbench clients play C
# commits in flight on the same Jornada (the service's InFlight is 2). Ballots/s = B × tps (and the rate of the first
# and the last 5 s, which shows dead versions piling up within the phase): no service, HTTP or
# load client can take a ballot faster than this with these rows, so the gap between this and compare.sh's service
# figure is the service's own cost, and the gap between this and pgbench's single-row INSERT is the rows' cost.
# Row sizes are the service's (ballot event 321 bytes of JSON, snapshot 5 KB, urn entry 188 bytes). Each phase starts
# from vacuumed tables; within a phase dead versions of the rewritten rows pile up until autovacuum comes by (as in
# the service), so a longer phase can print less.
#
#   tests/GobiernoAbierto.Benchmarks/db-ceiling.sh                  # B=50, C="1 2", 20 s each
#   BATCH=50 CLIENTS="2" SECONDS_EACH=30 tests/GobiernoAbierto.Benchmarks/db-ceiling.sh
#   OMIT="urn replays" tests/GobiernoAbierto.Benchmarks/db-ceiling.sh    # what a commit without those rows would allow
#
# OMIT drops kinds of rows from the replayed commit, to price each one: urn (read and rewrite), notes, replays,
# counted (receipts), snapshot (read and rewrite). A design question, not a setting of the service: each of those rows
# is there for a guarantee (README, "Secreto del voto", "Recibos").
#
# ROWS_FIRST=1 sends the voter-key and idempotency probes and the participations, notes and replay records before the
# lock on the stream row, the rest (urn, events, receipts, stream, snapshot) after it: what a commit could do if it
# decided who votes before it held the Jornada's lock (FINDINGS.md, "Rows before the lock"; not how the service works).
#
# Runs on its own database on the shared local PostgreSQL (dropped and recreated); loopback only; stops by itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
batch="${BATCH:-50}"; clients="${CLIENTS:-1 2}"; seconds="${SECONDS_EACH:-20}"; omit="${OMIT:-}"; db=gobiernoabierto_db_ceiling
command -v pgbench >/dev/null || { echo "pgbench not found (Debian: apt-get install postgresql-contrib or postgresql)" >&2; exit 2; }

conn="$(GA_DB_NAME="$db" deploy/local/ensure-postgres.sh --fresh)"
kv() { echo "$conn" | tr ';' '\n' | sed -n "s/^$1=//p"; }
export PGPASSWORD="$(kv Password)"; user="$(kv Username)"; port="$(kv Port)"
pg() { psql -h 127.0.0.1 -p "$port" -U "$user" -d "$db" -XAtq -v ON_ERROR_STOP=1 "$@"; }
work="$(mktemp -d /tmp/ga-db-ceiling.XXXXXX)"; trap 'rm -rf "$work"' EXIT

# The tables as the service creates them (Ballots/VotingTables.cs; Marten's mt_events, mt_streams and a document table).
pg <<'SQL'
create schema ceiling;
create table ceiling.mt_streams (id uuid primary key, type varchar, version bigint, timestamp timestamptz not null default now(),
  created timestamptz not null default now(), tenant_id varchar default '*DEFAULT*', compacted_version bigint not null default 0,
  is_archived bool default false);
create sequence ceiling.mt_events_sequence;
create table ceiling.mt_events (seq_id bigint primary key, id uuid not null, stream_id uuid references ceiling.mt_streams(id) on delete cascade,
  version bigint not null, data jsonb not null, bdata bytea, type varchar(500) not null, timestamp timestamptz not null default now(),
  tenant_id varchar default '*DEFAULT*', mt_dotnet_type varchar, is_archived bool default false);
create unique index pk_mt_events_stream_and_version on ceiling.mt_events (stream_id, version);
create table ceiling.mt_doc_jornada (id uuid primary key, data jsonb not null, mt_last_modified timestamptz default transaction_timestamp(),
  mt_dotnet_type varchar, mt_version bigint not null default 0);
create table ceiling.participations (jornada_id uuid, voter_key varchar, colonia_id varchar not null, primary key (jornada_id, voter_key));
create table ceiling.participation_notes (jornada_id uuid not null, check_key varchar not null, sealed bytea not null);
create index on ceiling.participation_notes using hash (check_key);
create table ceiling.ballot_replays (jornada_id uuid not null, lookup varchar not null, sealed_receipt bytea not null);
create index on ceiling.ballot_replays using hash (lookup);
create table ceiling.sealed_urns (jornada_id uuid primary key, ids uuid[] not null, sealed bytea[] not null, receipt_lookups varchar[] not null);
create table ceiling.counted_receipts (receipt varchar primary key, jornada_id uuid not null);
insert into ceiling.mt_streams (id, type, version) values ('00000000-0000-0000-0000-00000000000a', 'jornada', 10);
insert into ceiling.mt_doc_jornada (id, data, mt_version)
  select '00000000-0000-0000-0000-00000000000a', jsonb_build_object('Title', 'Jornada', 'Tally', jsonb_agg(jsonb_build_object(
    'ColoniaId', 'colonia-' || g, 'Name', repeat('x', 40), 'Votes', jsonb_build_object('A', g, 'B', g)))), 10
  from generate_series(1, 28) g;
SQL

# One group commit. Keys are hex strings like the service's HMACs, made from a random base so runs never collide.
cat >"$work/commit.sql" <<SQL
\set base random(1, 2000000000)
begin;
select version from ceiling.mt_streams where id = '00000000-0000-0000-0000-00000000000a' for update;
select data, mt_version from ceiling.mt_doc_jornada where id = '00000000-0000-0000-0000-00000000000a';
select k from (select encode(sha256(('v' || (:base::bigint * 1000 + g))::bytea), 'hex') as k from generate_series(1, $batch) g) s
  cross join lateral (select from ceiling.participations p where p.jornada_id = '00000000-0000-0000-0000-00000000000a' and p.voter_key = s.k limit 1) f;
select k from (select encode(sha256(('i' || (:base::bigint * 1000 + g))::bytea), 'hex') as k from generate_series(1, $batch) g) s
  cross join lateral (select sealed_receipt from ceiling.ballot_replays r where r.jornada_id = '00000000-0000-0000-0000-00000000000a' and r.lookup = s.k limit 1) f;
select ids, sealed, receipt_lookups from ceiling.sealed_urns where jornada_id = '00000000-0000-0000-0000-00000000000a';
insert into ceiling.participations select '00000000-0000-0000-0000-00000000000a', encode(sha256(('v' || (:base::bigint * 1000 + g))::bytea), 'hex'), 'colonia-' || (g % 28)
  from generate_series(1, $batch) g;
insert into ceiling.participation_notes select '00000000-0000-0000-0000-00000000000a', encode(sha256(('n' || (:base::bigint * 1000 + g))::bytea), 'hex'),
  sha256(('a' || g)::bytea) || substr(sha256(('b' || g)::bytea), 1, 13) from generate_series(1, $batch) g;
insert into ceiling.ballot_replays select '00000000-0000-0000-0000-00000000000a', encode(sha256(('i' || (:base::bigint * 1000 + g))::bytea), 'hex'),
  sha256(('r' || g)::bytea) || sha256(('s' || g)::bytea) from generate_series(1, $batch) g;
insert into ceiling.sealed_urns select '00000000-0000-0000-0000-00000000000a', array_agg(gen_random_uuid()),
  array_agg(sha256(('c' || g)::bytea) || sha256(('d' || g)::bytea) || sha256(('e' || g)::bytea) || sha256(('f' || g)::bytea)
  || sha256(('g' || g)::bytea) || substr(sha256(('h' || g)::bytea), 1, 28)), array_agg(encode(sha256(('l' || (:base::bigint * 1000 + g))::bytea), 'hex'))
  from generate_series(1, 25) g
  on conflict (jornada_id) do update set ids = excluded.ids, sealed = excluded.sealed, receipt_lookups = excluded.receipt_lookups;
insert into ceiling.mt_events (seq_id, id, stream_id, version, data, type, mt_dotnet_type)
  select nextval('ceiling.mt_events_sequence'), gen_random_uuid(), s.id, s.version + g, jsonb_build_object(
    'JornadaId', s.id, 'Position', s.version + g, 'OptionId', 'A', 'Channel', 'Kiosk', 'KioskId', 'kiosco-1',
    'Receipt', upper(substr(encode(sha256(('t' || (:base::bigint * 1000 + g))::bytea), 'hex'), 1, 16)),
    'PreviousHash', encode(sha256(('p' || g)::bytea), 'hex'), 'Hash', encode(sha256(('q' || g)::bytea), 'hex')),
    'ballot_cast', 'GobiernoAbierto.Ballots.BallotCast, GobiernoAbierto'
  from ceiling.mt_streams s, generate_series(1, $batch) g where s.id = '00000000-0000-0000-0000-00000000000a';
insert into ceiling.counted_receipts select upper(substr(encode(sha256(('t' || (:base::bigint * 1000 + g))::bytea), 'hex'), 1, 16)),
  '00000000-0000-0000-0000-00000000000a' from generate_series(1, $batch) g;
update ceiling.mt_streams set version = version + $batch, timestamp = now() where id = '00000000-0000-0000-0000-00000000000a';
update ceiling.mt_doc_jornada set data = jsonb_set(data, '{Version}', to_jsonb(mt_version + 1)), mt_version = mt_version + 1,
  mt_last_modified = now() where id = '00000000-0000-0000-0000-00000000000a';
commit;
SQL

if [ -n "$omit" ]; then # drop each statement that touches an omitted kind of row
  python3 - "$work/commit.sql" $omit <<'PY'
import sys
path, omitted = sys.argv[1], sys.argv[2:]
tables = {"urn": "sealed_urns", "notes": "participation_notes", "replays": "ballot_replays",
          "counted": "counted_receipts", "snapshot": "mt_doc_jornada"}
unknown = [o for o in omitted if o not in tables]
if unknown: sys.exit(f"OMIT: unknown {unknown}; known: {sorted(tables)}")
statements, current = [], []
for line in open(path):
    current.append(line)
    if line.rstrip().endswith(";") or line.startswith("\\"):
        statements.append("".join(current)); current = []
kept = [st for st in statements if not any(f"ceiling.{tables[o]}" in st for o in omitted)]
open(path, "w").write("".join(kept))
PY
fi

if [ "${ROWS_FIRST:-0}" = 1 ]; then # the probes and the voters' rows ahead of the lock, each kind keeping its order
  python3 - "$work/commit.sql" <<'PY'
import sys
path = sys.argv[1]
statements, current = [], []
for line in open(path):
    current.append(line)
    if line.rstrip().endswith(";") or line.startswith("\\"):
        statements.append("".join(current)); current = []
voters = ("ceiling.participations", "ceiling.participation_notes", "ceiling.ballot_replays")
head = [st for st in statements if st.startswith("\\set") or st.strip() == "begin;"]
early = [st for st in statements if st not in head and any(t in st for t in voters)]
rest = [st for st in statements if st not in head and st not in early]
open(path, "w").write("".join(head + early + rest))
PY
fi

source tests/GobiernoAbierto.Benchmarks/service.sh # postmaster_pid (no service is started here)
postmaster=$(postmaster_pid "$port" "$user" "$db")
[[ "$postmaster" =~ ^[0-9]+$ ]] || { echo "could not find the PostgreSQL postmaster's pid" >&2; exit 1; }
dotnet build -c Release -v quiet -nologo tests/GobiernoAbierto.Benchmarks >/dev/null
tool=(dotnet tests/GobiernoAbierto.Benchmarks/bin/Release/net10.0/GobiernoAbierto.Benchmarks.dll)
echo "# db-ceiling.sh $(date -u +%FT%TZ): $(nproc) cores; one Jornada; $batch ballots per commit; omitted: ${omit:-none}; rows first: ${ROWS_FIRST:-0}; PostgreSQL $(pg -c 'show server_version' | cut -d' ' -f1), fsync=$(pg -c 'show fsync'), synchronous_commit=$(pg -c 'show synchronous_commit')"
for c in $clients; do
  # Each phase starts from vacuumed tables: the stream row, the snapshot and the urn are rewritten by every commit, and
  # what one phase leaves dead would slow the next until autovacuum came by (a ceiling, so the clean state).
  pg -c "vacuum ceiling.mt_streams, ceiling.mt_doc_jornada, ceiling.sealed_urns, ceiling.participations, ceiling.ballot_replays, ceiling.participation_notes, ceiling.counted_receipts, ceiling.mt_events"
  out=$("${tool[@]}" measure --pg-postmaster "$postmaster" --pg-db "$db" -- pgbench -h 127.0.0.1 -p "$port" -U "$user" -n -f "$work/commit.sql" \
    -c "$c" -j "$c" -T "$seconds" -P 5 "$db" 2>&1)
  first=$(echo "$out" | sed -n 's/^progress: [0-9.]* s, \([0-9.]*\) tps.*/\1/p' | head -1)
  last=$(echo "$out" | sed -n 's/^progress: [0-9.]* s, \([0-9.]*\) tps.*/\1/p' | tail -1)
  tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
  txs=$(echo "$out" | sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p')
  lat=$(echo "$out" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')
  failed=$(echo "$out" | sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p')
  pg_s=$(echo "$out" | grep '^cpu ' | grep -o 'pg_db_s=[0-9.]*' | cut -d= -f2)
  if [ -z "$tps" ] || [ -z "$txs" ] || [ "$txs" = 0 ] || [ "${failed:-0}" != 0 ] || echo "$out" | grep -q "aborted"; then echo "$out"; echo "pgbench failed" >&2; exit 1; fi
  python3 - "$c" "$batch" "$tps" "$txs" "$lat" "${pg_s:-nan}" "${first:-nan}" "${last:-nan}" <<'PY'
import sys
c, b, tps, txs, lat, pg_s = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6])
first, last = float(sys.argv[7]), float(sys.argv[8])
print(f"commits_in_flight={c} commits/s={tps:.1f} ballots/s={tps * b:.0f} first_5s={first * b:.0f}/s last_5s={last * b:.0f}/s "
      f"commit_latency_avg={lat:.2f}ms postgres_cpu_ms_per_ballot={1000 * pg_s / (txs * b):.3f}")
PY
done
echo "rows: participations=$(pg -c 'select count(*) from ceiling.participations') events=$(pg -c 'select count(*) from ceiling.mt_events') urn=$(pg -c 'select count(*) from ceiling.sealed_urns, unnest(ids)')"
