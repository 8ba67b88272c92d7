# Shared helpers for the integration suites (sourced by run.sh).
#
# Servers: run.sh starts one PostgreSQL and one MariaDB for the whole run, in a
# temporary directory, on 127.0.0.1 and free ports, and exports
#   PG_PORT PG_ADMIN_URL   (database "postgres", user postgres, password postgres)
#   MY_PORT MY_ADMIN_URL   (user root, password mysql)
# Each test makes its own database with pg_fresh_db / my_fresh_db, so tests
# never see each other's tables.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-$ROOT/build}
DBARENA_BIN=${DBARENA_BIN:-$BUILD/dbarena}
# shellcheck disable=SC2012 # version-named directories
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
export PGPASSWORD=postgres
export PGOPTIONS="-c client_min_messages=warning"
export MYSQL_PWD=mysql

# dbarena with the build tree's plugins.
dbarena() { "$DBARENA_BIN" --plugin-dir "$BUILD/plugins" "$@"; }

# A port below the kernel's ephemeral range (32768 and up), so no outgoing connection
# holds it, that nothing listens on and that binds now.
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 12000))
		(exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null && continue
		python3 -c "import socket,sys; s=socket.socket(); s.bind(('127.0.0.1', $p))" 2>/dev/null || continue
		echo $p
		return
	done
}

# ---- PostgreSQL ----
pg_start() { # DIR
	local dir=$1
	PG_PORT=$(free_port)
	mkdir -p "$dir/pg"
	echo postgres > "$dir/pg.pw"
	local run=()
	if [ "$(id -u)" = 0 ]; then
		chown -R postgres "$dir/pg" "$dir/pg.pw"
		chmod 755 "$dir"
		run=(runuser -u postgres --)
	fi
	"${run[@]}" "$PG_BIN/initdb" -D "$dir/pg/data" -U postgres --pwfile="$dir/pg.pw" \
		-A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/pg-initdb.log" 2>&1 || { cat "$dir/pg-initdb.log"; return 1; }
	local try
	for try in 1 2 3; do
		"${run[@]}" "$PG_BIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
			-o "-h 127.0.0.1 -p $PG_PORT -k $dir/pg -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
			start >/dev/null && break
		# the port was taken between the check and the bind: another one
		grep -q 'Address already in use' "$dir/pg/server.log" 2>/dev/null && [ "$try" -lt 3 ] ||
			{ cat "$dir/pg/server.log"; return 1; }
		PG_PORT=$(free_port)
	done
	PG_PID=$(head -n 1 "$dir/pg/data/postmaster.pid")
	PG_DIR=$dir/pg
	export PG_PORT PG_PID PG_DIR
	export PG_ADMIN_URL="postgres://postgres:postgres@127.0.0.1:$PG_PORT/postgres"
}
pg_stop() { [ -n "${PG_PID:-}" ] && kill -INT "$PG_PID" 2>/dev/null; wait_gone "${PG_PID:-}"; }
pg_restart() { # stop and start the same cluster (fault drills)
	local run=()
	[ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
	"${run[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 -m fast \
		-o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=200 -c fsync=off" restart >/dev/null
	PG_PID=$(head -n 1 "$PG_DIR/data/postmaster.pid")
}
# psql against database DB (default: the test's $DB): psql_db DB "SQL"
pg_sql_db() { psql -X -A -t -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -c "$2"; }
pg_sql() { pg_sql_db "$DB" "$1"; }
# Creates a fresh database and sets DB and URL for it.
pg_fresh_db() { # NAME
	DB=$1
	pg_sql_db postgres "DROP DATABASE IF EXISTS \"$DB\"" >/dev/null
	pg_sql_db postgres "CREATE DATABASE \"$DB\"" >/dev/null
	URL="postgres://postgres:postgres@127.0.0.1:$PG_PORT/$DB"
}

# ---- MariaDB ----
my_start() { # DIR
	local dir=$1
	MY_PORT=$(free_port)
	mkdir -p "$dir/my"
	mariadb-install-db --no-defaults --datadir="$dir/my/data" --user="$(id -un)" \
		--auth-root-authentication-method=normal --skip-test-db >"$dir/my-install.log" 2>&1 ||
		{ cat "$dir/my-install.log"; return 1; }
	local i try
	for try in 1 2 3; do
		mariadbd --no-defaults --datadir="$dir/my/data" --socket="$dir/my/sock" --port="$MY_PORT" \
			--bind-address=127.0.0.1 --local-infile=1 --user="$(id -un)" --skip-name-resolve \
			--innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=256M --max-connections=300 \
			--pid-file="$dir/my/pid" --log-error="$dir/my/error.log" 2>>"$dir/my/stderr.log" &
		MY_PID=$!
		for i in $(seq 1 120); do
			mariadb --no-defaults -uroot --password= --socket="$dir/my/sock" -e 'SELECT 1' >/dev/null 2>&1 && break 2
			kill -0 "$MY_PID" 2>/dev/null || break # it exited: the port was taken after all
			sleep 0.5
		done
		grep -q 'Address already in use' "$dir/my/error.log" 2>/dev/null || break
		MY_PORT=$(free_port)
	done
	mariadb --no-defaults -uroot --password= --socket="$dir/my/sock" -e "
		CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY 'mysql';
		GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
		ALTER USER 'root'@'localhost' IDENTIFIED BY 'mysql';" ||
		{ cat "$dir/my/error.log"; return 1; }
	MY_DIR=$dir/my
	export MY_PORT MY_PID MY_DIR
	export MY_ADMIN_URL="mysql://root:mysql@127.0.0.1:$MY_PORT/mysql"
}
my_stop() { [ -n "${MY_PID:-}" ] && kill -TERM "$MY_PID" 2>/dev/null; wait_gone "${MY_PID:-}"; }
# The running server's PID from its pid file: a fault drill in an earlier test (a subshell)
# may have restarted it, and then $MY_PID / $PG_PID name a process that is gone.
my_pid() { cat "$MY_DIR/pid" 2>/dev/null || echo "$MY_PID"; }
pg_pid() { head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || echo "$PG_PID"; }
# Stops the harness MariaDB, waits SECS (default 0), and starts it again on the same port
# and data directory; returns once it accepts TCP connections.  The restarted server is
# not the PID run.sh knows, so a watcher stops it once run.sh (the test's parent) is gone.
my_restart() { # [SECS]
	local harness=$$ pid i
	MY_PID=$(my_pid)
	kill -TERM "$MY_PID" 2>/dev/null
	wait_gone "$MY_PID"
	sleep "${1:-0}"
	mariadbd --no-defaults --datadir="$MY_DIR/data" --socket="$MY_DIR/sock" --port="$MY_PORT" \
		--bind-address=127.0.0.1 --local-infile=1 --user="$(id -un)" --skip-name-resolve \
		--innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=256M --max-connections=300 \
		--pid-file="$MY_DIR/pid" --log-error="$MY_DIR/error.log" 2>>"$MY_DIR/stderr.log" </dev/null &
	MY_PID=$!
	pid=$MY_PID
	(while kill -0 "$harness" 2>/dev/null; do sleep 1; done; kill -TERM "$pid" 2>/dev/null) \
		</dev/null >/dev/null 2>&1 &
	for i in $(seq 1 400); do
		kill -0 "$pid" 2>/dev/null || return 1
		(exec 3<>/dev/tcp/127.0.0.1/"$MY_PORT") 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}
my_sql_db() { mariadb --no-defaults -h 127.0.0.1 -P "$MY_PORT" -uroot -pmysql -N -B -D "$1" -e "$2"; }
my_sql() { my_sql_db "$DB" "$1"; }
my_fresh_db() { # NAME
	DB=$1
	my_sql_db mysql "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4" >/dev/null
	URL="mysql://root:mysql@127.0.0.1:$MY_PORT/$DB"
}

# ---- either engine: E=pg or E=my (each_engine sets it) ----
e_fresh() { if [ "$E" = my ]; then my_fresh_db "$1"; else pg_fresh_db "$1"; fi; }
e_sql() { if [ "$E" = my ]; then my_sql "$1"; else pg_sql "$1"; fi; }
each_engine() { # FUNCTION: runs it with E=pg, then E=my
	local E
	for E in pg my; do echo "    [$E]"; "$1" || exit 1; done
}
jget() { jq -r "$2" "$1"; } # FILE FILTER: a value of a JSON file

wait_gone() { # PID
	[ -n "$1" ] || return 0
	local i
	for i in $(seq 1 200); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL "$1" 2>/dev/null; return 0
}

# ---- assertions (a failing one ends the test with a message) ----
fail() { echo "    assertion failed: $*" >&2; exit 1; }
assert_eq() { # EXPECTED ACTUAL WHAT
	[ "$1" = "$2" ] || fail "${3:-value}: expected [$1], got [$2]"
}
assert_contains() { # HAYSTACK NEEDLE WHAT
	case "$1" in *"$2"*) ;; *) fail "${3:-output} does not contain [$2]; got: $1" ;; esac
}
assert_not_contains() {
	case "$1" in *"$2"*) fail "${3:-output} contains [$2]" ;; esac
}
# Runs a command, captures stdout+stderr into OUT and its status into RC.
run() { OUT=$("$@" 2>&1); RC=$?; }
# expect_exit CODE cmd...: runs and checks the exit status.
expect_exit() {
	local want=$1; shift
	run "$@"
	[ "$RC" = "$want" ] || fail "exit status of [$*]: expected $want, got $RC; output: $OUT"
}
skip() { echo "    skipped: $*" >&2; exit 77; }
