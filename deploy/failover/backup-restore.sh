# Sourced by deploy/failover/rehearse.sh when BACKUP=1, right after the failover (it uses that script's functions and
# variables): pgBackRest after the failover, then an operator's mistake and deploy/backup/README.md's "With Patroni"
# runbook, step by step. Sets the figures the script prints at the end.

cluster_synchronous() { # a running leader and a streaming synchronous standby (all a cluster that lost a node has)
  any_cluster | jq -e '([.members[] | select(.role == "leader" and .state == "running")] | length == 1)
    and ([.members[] | select(.role == "sync_standby" and (.state == "running" or .state == "streaming"))] | length == 1)' >/dev/null
}
if [ "$failure" = node ]; then
  wait_for "the new primary and a synchronous standby" 120 cluster_synchronous
else
  wait_for "the old primary back as a replica (pg_rewind) and synchronous replication" 120 cluster_healthy
fi
sql_node=$(primary_index) || die "no primary after the failover"

# ------------------------------------------------------------------------------------------------ archive after the failover
say "after the failover: pgbackrest check (the new primary, ${nodes[$sql_node]}, archives on its timeline), then an incremental backup"
timeline_after_failover=$(superuser_sql "select timeline_id from pg_control_checkpoint()")
timed pgbackrest_ check >"$base/logs/check-after-failover.log" 2>&1 \
  || { cat "$base/logs/check-after-failover.log" >&2; die "pgbackrest check failed after the failover"; }
check_after_failover_seconds=$(cat "$base/last-seconds")
timed pgbackrest_ backup --type=incr >"$base/logs/backup-incr.log" 2>&1 \
  || { cat "$base/logs/backup-incr.log" >&2; die "incremental backup after the failover failed"; }
incr_seconds=$(cat "$base/last-seconds") incr_from=${nodes[$sql_node]}

# ------------------------------------------------------------------------------------------------ the mistake
wait_until=$(( load_started + mistake_after ))
[ "$(date +%s)" -lt "$wait_until" ] || die "the backups after the failover ended after MISTAKE_AFTER ($mistake_after s): raise it"
sleep $(( wait_until - $(date +%s) ))
sql_node=$(primary_index) || die "no primary before the mistake"
dropped=$(superuser_sql "select pg_relation_filepath('gobiernoabierto.participations')") # only to check what the runbook finds
[ -n "$dropped" ] || die "the participations table has no file"
mistake_at=$(date +%s.%N)
superuser_sql "drop table gobiernoabierto.participations"
say "the mistake: DROP TABLE gobiernoabierto.participations on the primary ${nodes[$sql_node]}; the standbys replay it"
sleep "$noticed_after"

# ------------------------------------------------------------------------------------------------ the runbook
restore_started=$(date +%s.%N)
say "runbook 1: stop both service instances"
stop svc1 30; stop svc2 30
say "runbook 2: send the last WAL to the archive"
wal=$(switch_and_archive_wal) || exit 1
restored=$sql_node rnode=${nodes[$sql_node]} rdata="$base/${nodes[$sql_node]}/data"
say "runbook 3: stop Patroni on every node, replicas first (and any PostgreSQL left without its Patroni)"
stop_cluster
say "runbook 4: find the DROP in the archived WAL"
xid=$(find_mistake_xid "$wal" "$mistake_at" "$dropped") || exit 1
say "the DROP committed in transaction $xid; every node's data directory is moved aside (${rnode}'s is the evidence)"
for n in "${nodes[@]}"; do [ ! -d "$base/$n/data" ] || mv "$base/$n/data" "$base/$n/data-before-restore"; done
install -d -o postgres -g postgres -m 700 "$rdata"
say "runbook 5: restore the last primary, $rnode, to the transaction before $xid"
# Every node setting on the command line: pgBackRest copies them into the restore_command it writes.
as_postgres pgbackrest --config="$base/pgbackrest-node.conf" --config-include-path="$base/conf.d" --stanza=gobiernoabierto \
  --pg1-path="$rdata" \
  --spool-path="$base/$rnode/pgbackrest-spool" --lock-path="$base/$rnode/pgbackrest-lock" --log-path="$base/logs/pgbackrest-$rnode" \
  restore --type=xid --target="$xid" --target-exclusive --target-action=promote >"$base/logs/restore.log" 2>&1 \
  || { cat "$base/logs/restore.log" >&2; die "restore failed"; }
say "runbook 6: recover it without Patroni until it promotes itself (pg_ctl, its own port, no synchronous standby to wait for)"
# Patroni passes listen_addresses, port, max_connections… on postgres's command line, not in postgresql.conf.
# shellcheck disable=SC2046
as_postgres env $(node_pgbackrest_env "$restored") "$pg_bin/pg_ctl" -D "$rdata" -l "$base/logs/recovery-$rnode.log" \
  -o "-c listen_addresses=127.0.0.1 -c port=${pg_ports[$restored]} -c max_connections=150 -c max_wal_senders=10 -c max_replication_slots=10 -c synchronous_standby_names=''" \
  start -w -t 120 >/dev/null || { cat "$base/logs/recovery-$rnode.log" >&2; die "the restored PostgreSQL did not start"; }
sql_node=$restored
promoted_by_recovery() { [ "$(superuser_sql "select pg_is_in_recovery()")" = f ]; }
wait_for "the restored database to finish recovery" 180 promoted_by_recovery
[ "$(superuser_sql "select to_regclass('gobiernoabierto.participations') is not null")" = t ] || die "the restored database has no participations table"
timeline_restored=$(superuser_sql "select timeline_id from pg_control_checkpoint()")
# The new timeline's history file and first segment reach the archive before any node starts under Patroni: a replica's
# restore_command then follows this timeline, never the old one with the DROP.
switch_and_archive_wal >/dev/null || exit 1
as_postgres "$pg_bin/pg_ctl" -D "$rdata" stop -m fast -w -t 60 >/dev/null
say "runbook 7: remove the cluster from etcd (patronictl remove), start Patroni on $rnode, then on the others (they clone it)"
printf '%s\n%s\n' gobiernoabierto 'Yes I am aware' | PATRONI_ETCD3_HOSTS="127.0.0.1:$etcd_port" \
  patronictl -c "$base/patroni.yml" remove gobiernoabierto >"$base/logs/patronictl-remove.log" 2>&1 \
  || { cat "$base/logs/patronictl-remove.log" >&2; die "patronictl remove failed"; }
start_node "$restored"
wait_for "$rnode as primary under Patroni" 120 curl -sf "http://127.0.0.1:${rest_ports[$restored]}/primary"
for i in 0 1 2; do [ "$i" = "$restored" ] || start_node "$i"; done
wait_for "two nodes cloned from $rnode, one of them the synchronous standby" 240 cluster_healthy
say "runbook 8: start the service again"
start_service 0
start_service 1
wait_for "the load balancer" 30 curl -sf "http://127.0.0.1:$lb_port/health/ready"
restore_seconds=$(awk -v t0="$restore_started" -v t1="$(date +%s.%N)" 'BEGIN { printf "%.1f", t1 - t0 }')
say "service back $restore_seconds s after the operator started the runbook"
