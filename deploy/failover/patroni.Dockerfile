# A Patroni node for deploy/compose.failover.yaml: the official PostgreSQL 15 image (Debian bookworm) plus Debian's
# Patroni 3.0.2, the same engines deploy/failover/rehearse.sh runs from Debian packages, with the same patroni.yml.
# Built from the repository root (the compose file does it):
#   docker build -f deploy/failover/patroni.Dockerfile -t gobiernoabierto-patroni:15 .
ARG POSTGRES_IMAGE=postgres:15-bookworm
FROM ${POSTGRES_IMAGE}
# -t bookworm: Debian's Patroni, not a newer one from the PostgreSQL (PGDG) repository the image also lists.
RUN apt-get update \
 && apt-get install -y --no-install-recommends -t bookworm patroni python3-etcd pgbackrest \
 && rm -rf /var/lib/apt/lists/*
# patroni.yml archives the WAL with pgBackRest: the compose file mounts deploy/backup/pgbackrest.conf as
# /etc/pgbackrest/pgbackrest.conf, the repository volume on /var/lib/pgbackrest and the cipher passphrase as a secret
# (PGBACKREST_* variables there give the container's paths). Debian's package made /var/lib, /var/log and
# /var/spool/pgbackrest, the postgres user's.
COPY deploy/failover/patroni.yml /etc/patroni/patroni.yml
# Passwords from secret files, then Patroni; and the stanza, once this node is primary.
COPY --chmod=755 deploy/failover/patroni-node.sh /usr/local/bin/patroni-node.sh
ENV PATRONI_POSTGRESQL_BIN_DIR=/usr/lib/postgresql/15/bin \
    PATRONI_POSTGRESQL_DATA_DIR=/var/lib/postgresql/data/pgdata \
    PATRONI_POSTGRESQL_PGPASS=/tmp/pgpass \
    PATRONI_POSTGRESQL_LISTEN=0.0.0.0:5432 \
    PATRONI_RESTAPI_LISTEN=0.0.0.0:8008
USER postgres
EXPOSE 5432 8008
HEALTHCHECK --interval=5s --timeout=2s --retries=6 \
  CMD ["python3", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8008/health', timeout=2)"]
ENTRYPOINT ["/usr/local/bin/patroni-node.sh"]
