#!/bin/bash
# Entrypoint of a Patroni node of deploy/compose.failover.yaml (patroni.Dockerfile). Two things besides `patroni`:
#  1. The database passwords come from compose secret files, not from the container's environment (`docker inspect`
#     shows that): /run/secrets/postgres_superuser_password, replication_password and rewind_password become Patroni's
#     PATRONI_SUPERUSER_PASSWORD, _REPLICATION_PASSWORD and _REWIND_PASSWORD in its own process only.
#  2. The pgBackRest stanza, once: the first time this node answers as primary on Patroni's REST API, it runs
#     `pgbackrest check` (a WAL segment reaches the repository) and, when that fails, `pgbackrest stanza-create` and
#     `check` again, retrying every 10 s until check passes, then ends; its lines are in
#     `docker compose logs pgN`, prefixed "stanza:". Until the stanza exists every archive_command fails and PostgreSQL
#     keeps the WAL in pg_wal: this is what deploy/failover/rehearse.sh does by hand once the cluster has a primary.
#     It runs inside the node because pgBackRest works on a PostgreSQL through its local socket and data directory
#     (pg1-path must be the server's data_directory), which another container does not have.
set -euo pipefail

secret() { # file variable
  if [ -r "/run/secrets/$1" ]; then export "$2=$(<"/run/secrets/$1")"; fi
}
secret postgres_superuser_password PATRONI_SUPERUSER_PASSWORD
secret replication_password PATRONI_REPLICATION_PASSWORD
secret rewind_password PATRONI_REWIND_PASSWORD
for name in PATRONI_SUPERUSER_PASSWORD PATRONI_REPLICATION_PASSWORD PATRONI_REWIND_PASSWORD; do
  [ -n "${!name:-}" ] || { echo "patroni-node: missing /run/secrets file for $name (deploy/compose.failover.yaml's header)" >&2; exit 2; }
done

stanza() {
  local say="stanza ($HOSTNAME):"
  until python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8008/primary', timeout=2)" 2>/dev/null; do sleep 5; done
  echo "$say this node is primary: pgbackrest check, and stanza-create first if that fails"
  # check first: a stanza-create meeting the asynchronous archive-push (its lock) fails even when the stanza exists.
  until pgbackrest --stanza=gobiernoabierto check ||
    { pgbackrest --stanza=gobiernoabierto stanza-create && pgbackrest --stanza=gobiernoabierto check; }; do
    echo "$say not yet (above); again in 10 s" >&2
    sleep 10
    # Only a primary can; a node demoted meanwhile waits to be one again.
    until python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8008/primary', timeout=2)" 2>/dev/null; do sleep 5; done
  done
  echo "$say done: the WAL is archived in the repository"
}
stanza &

exec patroni /etc/patroni/patroni.yml
