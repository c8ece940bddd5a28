#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer on 127.0.0.1 for the test suite.
# PostgreSQL: the machine's cluster if it runs; else start it; else a throwaway cluster from the
# installed server binaries (initdb refuses root, so it runs as the postgres user).
# Prints the DATABASE_URL to use on its last line.
set -u
PGPORT_DEFAULT=5432
if pg_isready -q -h 127.0.0.1 -p $PGPORT_DEFAULT 2>/dev/null; then
  :
elif command -v pg_ctlcluster >/dev/null 2>&1 && ls /etc/postgresql >/dev/null 2>&1 && \
     pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >/dev/null 2>&1 && \
     pg_isready -q -h 127.0.0.1 -p $PGPORT_DEFAULT; then
  echo "PostgreSQL: started the machine's cluster." >&2
else
  BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [ -z "$BIN" ]; then echo "No PostgreSQL server binaries found (apt-get install postgresql)." >&2; exit 1; fi
  PGDIR=/tmp/convergence-pg; PGPORT_DEFAULT=5433
  if ! pg_isready -q -h 127.0.0.1 -p 5433 2>/dev/null; then
    echo "PostgreSQL: nothing answers on 5432; starting a throwaway cluster on 5433 in $PGDIR." >&2
    rm -rf "$PGDIR"; mkdir -p "$PGDIR"; chmod 755 "$PGDIR"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PGDIR"; RUN="runuser -u postgres --"; else RUN=""; fi
    $RUN "$BIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    $RUN "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/pg.log" -o "-c listen_addresses=127.0.0.1 -p 5433 -k $PGDIR" -w start >/dev/null
  fi
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null 2>&1; then
    echo "Redis: starting redis-server on 6379." >&2
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  else
    echo "Redis: not installed; the Celery worker tests will be skipped (apt-get install redis-server)." >&2
  fi
fi
echo "postgres://postgres@127.0.0.1:${PGPORT_DEFAULT}/convergence"
