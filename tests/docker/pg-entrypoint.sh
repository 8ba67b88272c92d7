#!/bin/sh
# Entrypoint of the local PostgreSQL test image, after the official image's contract:
# POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB set up the cluster on first start, then the
# command's arguments (`postgres -p PORT -c ...`) go to the server.
set -e
PGDATA=${PGDATA:-/var/lib/postgresql/data}
export PGDATA
[ "${1:-postgres}" = postgres ] || exec "$@"
[ $# -gt 0 ] && shift
: "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
	[ -n "${POSTGRES_PASSWORD:-}" ] || { echo "entrypoint: POSTGRES_PASSWORD is not set" >&2; exit 1; }
	printf '%s\n' "$POSTGRES_PASSWORD" >/tmp/pwfile
	initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=/tmp/pwfile -E UTF8 --locale=C \
		--auth-local=trust --auth-host=scram-sha-256 >/tmp/initdb.log 2>&1 ||
		{ cat /tmp/initdb.log >&2; exit 1; }
	rm -f /tmp/pwfile
	printf "host all all all scram-sha-256\n" >>"$PGDATA/pg_hba.conf"
	if [ "$POSTGRES_DB" != postgres ]; then
		echo "CREATE DATABASE \"$POSTGRES_DB\"" |
			postgres --single -D "$PGDATA" -j postgres >/dev/null
	fi
	echo "entrypoint: database $POSTGRES_DB initialised"
fi
exec postgres -D "$PGDATA" -c jit=off "$@"
