#!/bin/sh
# Entrypoint of the local MariaDB test image, after the official image's contract:
# MYSQL_ROOT_PASSWORD / MYSQL_DATABASE are applied on first start (the system tables are already
# in the image), then the command's arguments (`mysqld --port=N ...`) go to the server.
set -e
DATADIR=/var/lib/mysql
case "${1:-mysqld}" in mysqld|mariadbd) [ $# -gt 0 ] && shift ;; *) exec "$@" ;; esac
if [ ! -e "$DATADIR/.initialised" ]; then
	[ -n "${MYSQL_ROOT_PASSWORD:-}" ] || { echo "entrypoint: MYSQL_ROOT_PASSWORD is not set" >&2; exit 1; }
	pw=$(printf '%s' "$MYSQL_ROOT_PASSWORD" | sed "s/\\\\/\\\\\\\\/g; s/'/\\\\'/g")
	{
		# Keep one root@localhost and one root@'%', both with the password (the image's system
		# tables also hold password-less root@127.0.0.1, root@::1 and root@HOSTNAME).
		echo "DELETE FROM mysql.global_priv WHERE User='root' AND Host <> 'localhost';"
		echo "FLUSH PRIVILEGES;"
		echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$pw';"
		echo "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '$pw';"
		echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
		[ -z "${MYSQL_DATABASE:-}" ] || echo "CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\`;"
	} | mariadbd --no-defaults --datadir="$DATADIR" --bootstrap \
		--lc-messages-dir=/usr/share/mysql --log-error=/tmp/bootstrap.log ||
		{ cat /tmp/bootstrap.log >&2; exit 1; }
	: >"$DATADIR/.initialised"
	echo "entrypoint: root password set${MYSQL_DATABASE:+, database $MYSQL_DATABASE created}"
fi
exec mariadbd --no-defaults --datadir="$DATADIR" --socket=/run/mysqld/mysqld.sock \
	--lc-messages-dir=/usr/share/mysql --skip-name-resolve "$@"
