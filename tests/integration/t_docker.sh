# Docker runtime against a real engine.  Needs DBARENA_TEST_DOCKER=1, a reachable engine
# (DOCKER_HOST or /var/run/docker.sock) and the PostgreSQL image present locally
# (DBARENA_TEST_DOCKER_IMAGE, default postgres:16): no registry is assumed.
docker_setup() {
	[ "${DBARENA_TEST_DOCKER:-0}" = 1 ] || skip "set DBARENA_TEST_DOCKER=1 with a Docker engine to run the docker runtime tests"
	DK_IMAGE=${DBARENA_TEST_DOCKER_IMAGE:-postgres:16}
	# shellcheck disable=SC2064 # the name is expanded now, on purpose
	trap "dbarena destroy $1 >/dev/null 2>&1" EXIT
}

test_docker_unreachable_engine() {
	# Runs everywhere: a dead endpoint gives the clear message and hint, exit 1.
	DOCKER_HOST=unix://$WORK/no-such-docker.sock expect_exit 1 dbarena create postgres --runtime docker
	assert_contains "$OUT" "cannot reach the Docker engine at unix://$WORK/no-such-docker.sock"
	assert_contains "$OUT" "hint:"
	DOCKER_HOST=ftp://x expect_exit 1 dbarena create postgres --runtime docker
	assert_contains "$OUT" "expected unix://PATH or tcp://HOST:PORT"
}

test_docker_postgres_lifecycle() {
	docker_setup dkpg
	expect_exit 0 dbarena create postgres --runtime docker --name dkpg --image "$DK_IMAGE" --network host --port "$(free_port)"
	assert_contains "$OUT" "dkpg is ready"
	expect_exit 0 dbarena url dkpg
	assert_eq testdb "$(psql -X -A -t "$OUT" -c 'SELECT current_database()')" "database via psql"
	expect_exit 0 dbarena list --json
	assert_contains "$OUT" '"runtime": "docker"'
	assert_contains "$OUT" '"password": "****"'
	expect_exit 0 dbarena query dkpg --sql 'SELECT 6 * 7'
	assert_contains "$OUT" "42"
	expect_exit 0 dbarena exec dkpg -- psql -X -A -t -h 127.0.0.1 -c 'SELECT 7'
	assert_contains "$OUT" "7"
	expect_exit 3 dbarena exec dkpg -- sh -c 'exit 3'
	expect_exit 0 dbarena logs dkpg --tail 5
	expect_exit 0 dbarena stop dkpg
	expect_exit 2 dbarena query dkpg --sql 'SELECT 1'
	assert_contains "$OUT" "dbarena start dkpg"
	expect_exit 0 dbarena start dkpg
	expect_exit 0 dbarena destroy dkpg
	expect_exit 2 dbarena inspect dkpg
}

test_docker_engine_errors() {
	docker_setup dkerr
	expect_exit 1 dbarena create postgres --runtime docker --name dkerr --image dbarena-test/no-such-image:1
	assert_contains "$OUT" "image pull failed"
	assert_contains "$OUT" "hint:"
	expect_exit 2 dbarena inspect dkerr
}

test_docker_list_seed_and_name_clash() {
	# A docker and a native instance side by side: list shows both, query/seed resolve by name,
	# a second create with the same name is refused and leaves the first one alone.
	docker_setup dkmix
	export XDG_STATE_HOME=$WORK/state-dkmix
	trap 'dbarena destroy dkmix natmix >/dev/null 2>&1' EXIT
	expect_exit 0 dbarena create postgres --runtime docker --name dkmix --image "$DK_IMAGE" --network host \
		--port "$(free_port)" --init-script "$ROOT/examples/ecommerce.sql"
	expect_exit 0 dbarena create postgres --runtime native --name natmix
	expect_exit 0 dbarena list
	assert_contains "$OUT" "dkmix"
	assert_contains "$OUT" "natmix"
	expect_exit 0 dbarena list --json
	assert_contains "$OUT" '"runtime": "docker"'
	assert_contains "$OUT" '"runtime": "native"'
	expect_exit 0 dbarena seed dkmix --config "$ROOT/examples/ecommerce-seed.ini" --size small --quiet
	assert_eq 300 "$(psql -X -A -t "$(dbarena url dkmix)" -c 'SELECT COUNT(*) FROM orders')" "orders seeded by name"
	expect_exit 0 dbarena query --container dkmix --sql 'SELECT COUNT(*) FROM orders'
	assert_contains "$OUT" "300"
	expect_exit 2 dbarena create postgres --runtime docker --name dkmix --image "$DK_IMAGE" --network host --port "$(free_port)"
	assert_contains "$OUT" 'an instance named "dkmix" already exists'
	assert_contains "$OUT" "pick another --name"
	assert_eq 300 "$(psql -X -A -t "$(dbarena url dkmix)" -c 'SELECT COUNT(*) FROM orders')" "first instance intact"
	expect_exit 0 dbarena exec dkmix -- true
	expect_exit 1 dbarena exec dkmix -- false
}

test_docker_destroy_all_spares_unmanaged() {
	# `destroy --all` removes dbarena's containers only: one started with plain docker survives.
	docker_setup dkall
	command -v docker >/dev/null || skip "the docker client is not installed"
	export XDG_STATE_HOME=$WORK/state-dkall
	trap 'dbarena destroy dkall >/dev/null 2>&1; docker rm -f dkunmanaged >/dev/null 2>&1' EXIT
	docker run -d --name dkunmanaged --network host "$DK_IMAGE" sleep 600 >/dev/null ||
		fail "docker run of an unmanaged container failed"
	expect_exit 0 dbarena create postgres --runtime docker --name dkall --image "$DK_IMAGE" --network host --port "$(free_port)"
	expect_exit 0 dbarena list
	assert_not_contains "$OUT" "dkunmanaged" "unmanaged container in list"
	expect_exit 2 dbarena destroy dkunmanaged
	# The name is taken by a container dbarena does not manage: the engine refuses it.
	expect_exit 1 dbarena create postgres --runtime docker --name dkunmanaged --image "$DK_IMAGE" --network host --port "$(free_port)"
	assert_contains "$OUT" "pick another --name"
	expect_exit 0 dbarena destroy --all --yes
	expect_exit 2 dbarena inspect dkall
	assert_eq true "$(docker inspect -f '{{.State.Running}}' dkunmanaged)" "unmanaged container still running"
}

test_docker_mariadb_container() {
	# MariaDB/MySQL image (DBARENA_TEST_DOCKER_MYSQL_IMAGE; tests/docker/ci.sh builds one).
	docker_setup dkmy
	[ -n "${DBARENA_TEST_DOCKER_MYSQL_IMAGE:-}" ] || skip "set DBARENA_TEST_DOCKER_MYSQL_IMAGE to a MariaDB/MySQL image present locally"
	local port
	port=$(free_port)
	expect_exit 0 dbarena create mysql --runtime docker --name dkmy --image "$DBARENA_TEST_DOCKER_MYSQL_IMAGE" --network host --port "$port"
	assert_contains "$OUT" "dkmy is ready"
	assert_eq testdb "$(mariadb --no-defaults -h 127.0.0.1 -P "$port" -uroot -pmysql -N -B -e 'SELECT DATABASE()' testdb)" "database via mariadb"
	expect_exit 0 dbarena query dkmy --sql 'SELECT 6 * 7'
	assert_contains "$OUT" "42"
	expect_exit 0 dbarena exec dkmy -- mariadb -h 127.0.0.1 -uroot -N -B -e 'SELECT 7'
	assert_eq 7 "$OUT" "exec output"
	expect_exit 0 dbarena stop dkmy
	expect_exit 0 dbarena start dkmy
	expect_exit 0 dbarena query dkmy --sql 'SELECT 1'
	expect_exit 0 dbarena destroy dkmy
}

test_docker_new_engine_is_one_dropped_file() {
	# A PostgreSQL-compatible engine under a new name, with its own image tag, credentials and
	# database, declared by one engine file in a directory of the plugin path: created and
	# seeded without a core rebuild (DBARENA_TEST_DOCKER_COMPAT_IMAGE; tests/docker/ci.sh tags one).
	docker_setup dkcompat
	[ -n "${DBARENA_TEST_DOCKER_COMPAT_IMAGE:-}" ] || skip "set DBARENA_TEST_DOCKER_COMPAT_IMAGE to a PostgreSQL-compatible image present locally"
	local repo=${DBARENA_TEST_DOCKER_COMPAT_IMAGE%:*} tag=${DBARENA_TEST_DOCKER_COMPAT_IMAGE##*:} port url
	mkdir -p "$WORK/compat/engines"
	cat >"$WORK/compat/engines/pgcompat.ini" <<INI
; A vendor's PostgreSQL-compatible server: speaks the postgres driver's protocol.
[engine]
aliases = compatdb
scheme = postgresql
port = 5432
user = arena
password = compat-Pw.1
database = shop
ready_timeout = 45

[docker]
image = $repo
tag = $tag
env.POSTGRES_USER = {user}
env.POSTGRES_PASSWORD = {password}
env.POSTGRES_DB = {database}
password_env = POSTGRES_PASSWORD
host_command = postgres -p {port} -c listen_addresses=127.0.0.1
exec_env.PGPORT = {port}
exec_env.PGUSER = {user}
exec_env.PGPASSWORD = {password}
INI
	export DBARENA_PLUGIN_PATH=$WORK/compat
	expect_exit 0 dbarena plugins
	echo "$OUT" | grep -E '^pgcompat +\| compatdb +\| postgresql +\| 5432 +\| docker ' >/dev/null ||
		fail "pgcompat not listed: $OUT"
	port=$(free_port)
	expect_exit 0 dbarena create compatdb --runtime docker --name dkcompat --network host --port "$port" \
		--init-script "$ROOT/examples/ecommerce.sql"
	assert_contains "$OUT" "dkcompat is ready: pgcompat"
	expect_exit 0 dbarena inspect dkcompat --json
	assert_eq "pgcompat" "$(echo "$OUT" | jq -r .engine)" "engine"
	assert_eq "$DBARENA_TEST_DOCKER_COMPAT_IMAGE" "$(echo "$OUT" | jq -r .image)" "the engine file's image and tag"
	assert_eq "arena" "$(echo "$OUT" | jq -r .user)" "the engine file's user"
	url=$(dbarena url dkcompat)
	assert_eq "postgresql://arena:compat-Pw.1@127.0.0.1:$port/shop" "$url" "URL from the engine file's scheme and credentials"
	assert_eq "shop|arena" "$(psql -X -A -t "$url" -c 'SELECT current_database(), current_user')" "database and user via psql"
	expect_exit 0 dbarena seed dkcompat --config "$ROOT/examples/ecommerce-seed.ini" --size small --quiet
	assert_eq 300 "$(psql -X -A -t "$url" -c 'SELECT COUNT(*) FROM orders')" "orders seeded (psql)"
	assert_eq 0 "$(psql -X -A -t "$url" -c 'SELECT COUNT(*) FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE u.id IS NULL')" "orders without their user"
	expect_exit 0 dbarena exec dkcompat -- psql -X -A -t -h 127.0.0.1 -d shop -c 'SELECT current_user'
	assert_eq arena "$OUT" "exec environment from the engine file"
	expect_exit 0 dbarena restart dkcompat
	expect_exit 0 dbarena destroy dkcompat
}
