# TLS: every "require" setting connects over TLS to a TLS server (the cipher
# as the server reports it for dbarena's own session) and refuses the suite's
# plaintext servers instead of falling back.  Each test starts its own
# TLS-enabled server with a self-signed certificate for 127.0.0.1.

tls_cert() { # DIR: writes DIR/server.crt and DIR/server.key
	mkdir -p "$1"
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
		-addext "subjectAltName=IP:127.0.0.1" \
		-keyout "$1/server.key" -out "$1/server.crt" >"$1/openssl.log" 2>&1 ||
		{ cat "$1/openssl.log"; fail "openssl could not make a certificate"; }
	chmod 600 "$1/server.key"
}

# Starts PostgreSQL with ssl=on; sets TPG_PORT, TPG_PID.
tls_pg_start() { # DIR
	local dir=$1 run=()
	TPG_PORT=$(free_port)
	mkdir -p "$dir/pg"
	tls_cert "$dir/pg/tls"
	echo postgres > "$dir/pg.pw"
	if [ "$(id -u)" = 0 ]; then
		chown -R postgres "$dir/pg" "$dir/pg.pw"
		chmod 755 "$dir"
		run=(runuser -u postgres --)
	fi
	"${run[@]}" "$PG_BIN/initdb" -D "$dir/pg/data" -U postgres --pwfile="$dir/pg.pw" \
		-A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/pg-initdb.log" 2>&1 || { cat "$dir/pg-initdb.log"; return 1; }
	"${run[@]}" "$PG_BIN/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 60 \
		-o "-h 127.0.0.1 -p $TPG_PORT -k $dir/pg -c fsync=off -c ssl=on \
		    -c ssl_cert_file=$dir/pg/tls/server.crt -c ssl_key_file=$dir/pg/tls/server.key" \
		start >/dev/null || { cat "$dir/pg/server.log"; return 1; }
	TPG_PID=$(head -n 1 "$dir/pg/data/postmaster.pid")
	trap 'kill -INT $TPG_PID 2>/dev/null; wait_gone $TPG_PID' EXIT
}

# Starts MariaDB with ssl_cert/ssl_key; sets TMY_PORT, TMY_PID.
tls_my_start() { # DIR
	local dir=$1 i
	TMY_PORT=$(free_port)
	mkdir -p "$dir/my"
	tls_cert "$dir/my/tls"
	mariadb-install-db --no-defaults --datadir="$dir/my/data" --user="$(id -un)" \
		--auth-root-authentication-method=normal --skip-test-db >"$dir/my-install.log" 2>&1 ||
		{ cat "$dir/my-install.log"; return 1; }
	mariadbd --no-defaults --datadir="$dir/my/data" --socket="$dir/my/sock" --port="$TMY_PORT" \
		--bind-address=127.0.0.1 --user="$(id -un)" --skip-name-resolve \
		--innodb-buffer-pool-size=32M --pid-file="$dir/my/pid" --log-error="$dir/my/error.log" \
		--ssl-cert="$dir/my/tls/server.crt" --ssl-key="$dir/my/tls/server.key" \
		2>>"$dir/my/stderr.log" &
	TMY_PID=$!
	trap 'kill -TERM $TMY_PID 2>/dev/null; wait_gone $TMY_PID' EXIT
	for i in $(seq 1 120); do
		mariadb --no-defaults -uroot --password= --socket="$dir/my/sock" -e 'SELECT 1' >/dev/null 2>&1 && break
		sleep 0.5
	done
	mariadb --no-defaults -uroot --password= --socket="$dir/my/sock" -e "
		CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY 'tls';
		GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" ||
		{ cat "$dir/my/error.log"; return 1; }
}

tls_pg_cipher_sql="select 'ssl=' || ssl || ' cipher=' || coalesce(cipher, '') from pg_stat_ssl where pid = pg_backend_pid()"

test_tls_postgres_require_connects_over_tls() {
	local dir=$WORK/tls-pg url mode
	tls_pg_start "$dir" || fail "could not start a TLS PostgreSQL"
	url="postgres://postgres:postgres@127.0.0.1:$TPG_PORT/postgres"
	for mode in "sslmode=require" "sslmode=verify-ca&sslrootcert=$dir/pg/tls/server.crt" \
		    "sslmode=verify-full&sslrootcert=$dir/pg/tls/server.crt"; do
		expect_exit 0 dbarena query --url "$url?$mode" --sql "$tls_pg_cipher_sql"
		assert_contains "$OUT" "ssl=true cipher=TLS_" "$mode: the server's view of dbarena's session"
		echo "    $mode: $(grep -o 'cipher=[A-Z0-9_-]*' <<<"$OUT")"
	done
	# sslmode=disable really is plaintext on the same server: the check above means something.
	expect_exit 0 dbarena query --url "$url?sslmode=disable" --sql "$tls_pg_cipher_sql"
	assert_contains "$OUT" "ssl=false" "sslmode=disable"
	# verify-full refuses a certificate it cannot check.
	expect_exit 1 dbarena query --url "$url?sslmode=verify-full" --sql 'SELECT 1'
	assert_contains "$OUT" "root certificate file"
}

test_tls_postgres_require_refuses_plaintext_server() {
	local mode
	for mode in require verify-ca verify-full; do
		expect_exit 1 dbarena query --url "$PG_ADMIN_URL?sslmode=$mode" --sql 'SELECT 1'
		assert_contains "$OUT" "dbarena: error:" "sslmode=$mode"
		assert_contains "$OUT" "server does not support SSL, but SSL was required" "sslmode=$mode"
		assert_not_contains "$OUT" ":postgres@" "password in the error"
	done
}

test_tls_mysql_required_connects_over_tls() {
	local dir=$WORK/tls-my url mode
	tls_my_start "$dir" || fail "could not start a TLS MariaDB"
	url="mysql://root:tls@127.0.0.1:$TMY_PORT/mysql"
	for mode in "ssl-mode=REQUIRED" "ssl-mode=VERIFY_CA&ssl-ca=$dir/my/tls/server.crt" \
		    "ssl-mode=VERIFY_IDENTITY&ssl-ca=$dir/my/tls/server.crt"; do
		expect_exit 0 dbarena query --url "$url?$mode" --sql "SHOW SESSION STATUS LIKE 'Ssl_cipher'"
		[[ "$OUT" =~ Ssl_cipher[^A-Za-z0-9]+[A-Z0-9_-]{6,} ]] || fail "$mode: no TLS cipher for the session: $OUT"
		echo "    $mode: ${BASH_REMATCH[0]}"
	done
	expect_exit 0 dbarena query --url "$url?ssl-mode=DISABLED" --sql "SHOW SESSION STATUS LIKE 'Ssl_cipher'"
	[[ "$OUT" =~ Ssl_cipher[^A-Za-z0-9]+[A-Z0-9_-]{6,} ]] && fail "ssl-mode=DISABLED still used TLS: $OUT"
	# A certificate that does not check out is refused, not ignored.
	expect_exit 1 dbarena query --url "$url?ssl-mode=VERIFY_IDENTITY" --sql 'SELECT 1'
	assert_contains "$OUT" "dbarena: error:"
}

test_tls_mysql_required_refuses_plaintext_server() {
	local mode
	for mode in REQUIRED VERIFY_CA VERIFY_IDENTITY; do
		expect_exit 1 dbarena query --url "$MY_ADMIN_URL?ssl-mode=$mode" --sql 'SELECT 1'
		assert_contains "$OUT" "dbarena: error:" "ssl-mode=$mode"
		case $mode in
		REQUIRED) assert_contains "$OUT" "does not offer TLS, but ssl-mode asks for it" "ssl-mode=$mode" ;;
		*) assert_contains "$OUT" "SSL is required, but the server does not support it" "ssl-mode=$mode" ;;
		esac
		assert_not_contains "$OUT" ":mysql@" "password in the error"
	done
	# and the same for a seed or a workload, which connect through the same path
	my_fresh_db tls_plain
	my_sql "CREATE TABLE t (id INT PRIMARY KEY)"
	expect_exit 1 dbarena workload run --url "$URL?ssl-mode=REQUIRED" --pattern read_heavy --duration 1 --quiet
	assert_contains "$OUT" "does not offer TLS"
}
