# Native runtime: instances from the machine's own server binaries, checked with psql / mariadb.
# Each test uses a private state directory and destroys what it creates.
native_setup() {
	export XDG_STATE_HOME=$WORK/state-$1
	trap 'dbarena destroy --all --yes >/dev/null 2>&1' EXIT
}

test_native_postgres_lifecycle() {
	local url
	native_setup pg
	expect_exit 0 dbarena create postgres --name natpg
	assert_contains "$OUT" "natpg is ready"
	assert_not_contains "$OUT" ":postgres@" "password in create output"
	expect_exit 0 dbarena url natpg
	url=$OUT
	assert_eq testdb "$(psql -X -A -t "$url" -c 'SELECT current_database()')" "database via psql"
	expect_exit 0 dbarena list
	assert_contains "$OUT" "natpg"
	assert_contains "$OUT" "****"
	assert_not_contains "$OUT" "postgres@" "password in list"
	expect_exit 0 dbarena list --json
	assert_contains "$OUT" '"password": "****"'
	expect_exit 0 dbarena inspect natpg --show-password --json
	assert_contains "$OUT" '"password": "postgres"'
	expect_exit 0 dbarena query natpg --sql 'SELECT 41 + 1 AS answer'
	assert_contains "$OUT" "42"
	expect_exit 0 dbarena query --container natpg --sql 'SELECT 1'
	expect_exit 0 dbarena exec natpg -- psql -X -A -t -c 'SELECT 7'
	assert_eq 7 "$OUT" "exec output"
	expect_exit 1 dbarena exec natpg -- false
	expect_exit 0 dbarena stop natpg
	expect_exit 0 dbarena list --all
	assert_contains "$OUT" "exited"
	expect_exit 2 dbarena query natpg --sql 'SELECT 1'
	assert_contains "$OUT" "dbarena start natpg"
	expect_exit 0 dbarena start natpg
	expect_exit 0 dbarena restart natpg
	expect_exit 0 dbarena logs natpg --tail 5
	assert_contains "$OUT" "ready to accept connections"
	expect_exit 0 dbarena destroy natpg
	expect_exit 2 dbarena url natpg
	assert_contains "$OUT" 'no instance named "natpg"'
}

test_native_seed_by_name_and_killed_server() {
	local pid
	native_setup seed
	expect_exit 0 dbarena create pg --name natseed --init-script "$ROOT/examples/ecommerce.sql"
	expect_exit 0 dbarena seed natseed --config "$ROOT/examples/ecommerce-seed.ini" --size small --quiet
	assert_eq 300 "$(psql -X -A -t "$(dbarena url natseed)" -c 'SELECT COUNT(*) FROM orders')" "orders seeded by name"
	pid=$(head -n 1 "$XDG_STATE_HOME/dbarena/natseed/data/postmaster.pid")
	kill -KILL "$pid"
	sleep 0.5
	expect_exit 0 dbarena list --all
	assert_contains "$OUT" "exited"
	# A crashed server starts again, its data intact.
	expect_exit 0 dbarena start natseed
	assert_eq 300 "$(psql -X -A -t "$(dbarena url natseed)" -c 'SELECT COUNT(*) FROM orders')" "orders after restart"
}

test_native_mariadb() {
	native_setup my
	expect_exit 0 dbarena create mariadb --name natmy
	expect_exit 0 dbarena exec natmy -- mariadb -N -B -e "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'testdb'"
	assert_eq 1 "$OUT" "testdb seen by the mariadb client"
	expect_exit 0 dbarena query natmy --sql 'SELECT 5'
	expect_exit 0 dbarena destroy natmy
}

test_native_failed_init_script() {
	native_setup bad
	printf 'CREATE TABLE ok (id int);\nTHIS IS NOT SQL;\n' > "$WORK/bad.sql"
	expect_exit 1 dbarena create postgres --name natbad --init-script "$WORK/bad.sql"
	assert_contains "$OUT" "init script"
	expect_exit 2 dbarena url natbad
	expect_exit 1 dbarena create postgres --name natkeep --init-script "$WORK/bad.sql" --keep-on-error
	expect_exit 0 dbarena url natkeep
	expect_exit 2 dbarena create nosuchengine
	assert_contains "$OUT" 'unknown engine "nosuchengine"'
}

test_native_ambiguous_and_unknown() {
	native_setup amb
	expect_exit 2 dbarena inspect nothing-here
	assert_contains "$OUT" 'no instance named "nothing-here"'
	expect_exit 0 dbarena create postgres --name amb1
	expect_exit 0 dbarena create postgres --name amb2
	# Every id is hex: the empty-ish prefix of one hex digit shared by both is ambiguous only
	# when both ids start with it; use the id of amb1 to check unique-prefix lookup instead.
	local id
	id=$(dbarena inspect amb1 --json | sed -n 's/.*"id": "\(.*\)".*/\1/p')
	expect_exit 0 dbarena url "${id:0:8}"
	assert_contains "$OUT" "127.0.0.1"
}

test_native_ambiguous_prefix_and_stopped_target() {
	native_setup amb2
	expect_exit 0 dbarena create postgres --name ambx1 --json
	assert_contains "$OUT" '"name": "ambx1"'
	assert_contains "$OUT" '"password": "****"'
	expect_exit 0 dbarena create postgres --name ambx2
	# Give both the same ID prefix: a prefix they share is ambiguous, a longer one is unique.
	sed -i 's/^id=/id=abcabc1/' "$XDG_STATE_HOME/dbarena/ambx1/instance.conf"
	sed -i 's/^id=/id=abcabc2/' "$XDG_STATE_HOME/dbarena/ambx2/instance.conf"
	expect_exit 2 dbarena url abcabc
	assert_contains "$OUT" "ambiguous"
	expect_exit 0 dbarena url abcabc2
	assert_contains "$OUT" "@127.0.0.1:"
	expect_exit 0 dbarena stop ambx2
	expect_exit 2 dbarena query --container ambx2 --sql 'SELECT 1'
	assert_contains "$OUT" "dbarena start ambx2"
	expect_exit 1 dbarena exec ambx1 -- sh -c 'exit 1'
	expect_exit 5 dbarena exec ambx1 -- sh -c 'exit 5'
	expect_exit 0 dbarena destroy ambx1 ambx2
	[ ! -e "$XDG_STATE_HOME/dbarena/ambx1" ] || fail "instance directory left behind"
}

# mariadb-install-db leaves passwordless root@::1 and root@<hostname>: none may remain.
test_native_mariadb_no_passwordless_accounts() {
	local users
	native_setup myacct
	expect_exit 0 dbarena create mariadb --name natacct
	expect_exit 0 dbarena exec natacct -- mariadb -N -B -e \
		"select user, host, plugin, authentication_string from mysql.user"
	users=$OUT
	echo "    accounts: $(tr '\n\t' '; ' <<<"$users")"
	while IFS=$'\t' read -r u h plugin auth; do
		[ "$u" = mariadb.sys ] && continue
		case $h in 127.0.0.1 | localhost) ;; *) fail "account $u@$h remains" ;; esac
		[ -n "$auth" ] || [ "$plugin" = invalid ] || fail "account $u@$h has no password ($plugin)"
	done <<<"$users"
	assert_contains "$users" "127.0.0.1" "the instance's own account"
	expect_exit 0 dbarena query natacct --sql 'SELECT 1'
	expect_exit 0 dbarena destroy natacct
}
