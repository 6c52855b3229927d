# Sourced by the rehearsals that archive and back up with pgBackRest (deploy/backup/rehearse.sh on one PostgreSQL,
# deploy/failover/rehearse.sh on the Patroni cluster): this run's pgBackRest configuration, and the runbook's steps
# that do not depend on the topology (send the last WAL to the archive, find the mistake's transaction in it).
# Needs $base, $repo, $pg_bin, say/die (deploy/rehearsal-processes.sh), as_postgres, and from the caller:
#   pgbackrest_ ARGS...   pgBackRest as postgres with this run's configuration and the stanza
#   superuser_sql SQL     one query as the database superuser on the primary (database gobiernoabierto)

write_pgbackrest_conf() { # file extra-lines: deploy/backup/pgbackrest.conf with this run's paths
  # The repository's file with this run's repository, log and spool paths and without its pg1 lines (the caller's
  # extra lines, appended to the [gobiernoabierto] section, say where PostgreSQL is). The passphrase has a file of its
  # own, $base/conf.d/cipher.conf, as in production. Written by the shell itself (printf is a builtin): the passphrase
  # is never on a command line, and the files are created unreadable to others.
  local file=$1 extra=$2
  (
    umask 027
    sed -e "s|^repo1-path=.*|repo1-path=$base/repo|" -e "s|^log-path=.*|log-path=$base/logs/pgbackrest|" \
        -e "s|^spool-path=.*|spool-path=$base/spool|" -e '/^pg1-path=/d' -e '/^pg1-port=/d' \
        "$repo/deploy/backup/pgbackrest.conf" >"$file"
    printf '%s\n' "$extra" >>"$file"
    if [ ! -f "$base/conf.d/cipher.conf" ]; then
      mkdir -p "$base/conf.d"
      cipher_pass=$(openssl rand -base64 48 | tr -d '\n')
      printf '[global]\nrepo1-cipher-pass=%s\n' "$cipher_pass" >"$base/conf.d/cipher.conf"
    fi
  )
  chown root:postgres "$file" "$base/conf.d" "$base/conf.d/cipher.conf"
  mkdir -p "$base/repo" "$base/spool" "$base/logs/pgbackrest"
  chown postgres:postgres "$base/repo" "$base/spool" "$base/logs/pgbackrest"
}

timed() { # command...: runs it, writes its seconds to $base/last-seconds, returns its exit code
  local t0 rc=0; t0=$(date +%s.%N)
  "$@" || rc=$?
  awk -v t0="$t0" -v t1="$(date +%s.%N)" 'BEGIN { printf "%.1f", t1 - t0 }' >"$base/last-seconds"
  return "$rc"
}

wal_archived() { # segment -> 0 once pg_stat_archiver says it (or a later one) reached the archive
  [ "$(superuser_sql "select coalesce(last_archived_wal >= '$1', false) from pg_stat_archiver")" = t ]
}

switch_and_archive_wal() { # -> the segment holding everything committed so far, once it is in the archive
  local wal
  wal=$(superuser_sql "select pg_walfile_name(pg_switch_wal())")
  wait_for "the archive of $wal" 60 wal_archived "$wal"
  echo "$wal"
}

find_mistake_xid() { # last-segment mistake-epoch table-file -> the transaction of the one commit that removed table files
  # The runbook's step: the DROP is the commit that removed table files ("COMMIT <time> …; rels: base/…") since the
  # minute before the mistake; the service itself never drops or truncates a table during a vote. The last archived
  # segments of the last segment's timeline are fetched with pgBackRest (pg_wal may have recycled them) and read in one
  # pg_waldump run (a record may span two). The table's file, noted before the mistake, checks that it is the right one.
  local wal=$1 mistake_at=$2 dropped=$3 archive_id segments segment since drops xid
  mkdir -p "$base/wal-search"; chown postgres:postgres "$base/wal-search"
  archive_id=$(pgbackrest_ repo-ls archive/gobiernoabierto | grep -E '^[0-9]+-[0-9]+$' | sort -V | tail -n1) || die "no archive in the repository"
  segments=$(pgbackrest_ repo-ls --recurse "archive/gobiernoabierto/$archive_id" | grep -oE '[0-9A-F]{24}' | sort -u \
    | awk -v last="$wal" 'substr($0, 1, 8) == substr(last, 1, 8) && $0 <= last' | tail -n 4) || die "no WAL segment in the archive"
  [ -n "$segments" ] || die "no archived WAL segment of $wal's timeline"
  for segment in $segments; do
    pgbackrest_ archive-get "$segment" "$base/wal-search/$segment" >/dev/null || die "archive-get $segment failed"
  done
  since=$(date -u -d "@$(( ${mistake_at%.*} - 60 ))" '+%F %T')
  # shellcheck disable=SC2046
  drops=$(as_postgres env TZ=UTC "$pg_bin/pg_waldump" -p "$base/wal-search" $(head -n1 <<<"$segments") $(tail -n1 <<<"$segments") 2>/dev/null \
    | grep -E 'desc: COMMIT [0-9-]+ [0-9:.]+ UTC; rels: ' \
    | awk -v since="$since" '{ split($0, d, "desc: COMMIT "); if (substr(d[2], 1, 19) >= since) print }' || true)
  [ "$(grep -c . <<<"$drops")" = 1 ] || die "expected one commit that removed table files since $since, found: ${drops:-none}"
  grep -qE "rels:.* $dropped( |;|\$)" <<<"$drops" || die "the commit found does not name the dropped table's file $dropped: $drops"
  xid=$(sed -E 's/.*tx: *([0-9]+),.*/\1/' <<<"$drops")
  [[ "$xid" =~ ^[0-9]+$ ]] || die "no transaction id in: $drops"
  echo "$xid"
}
