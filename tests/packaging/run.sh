#!/usr/bin/env bash
# Packaging test: build the Debian packages, install ONLY dbarena and
# dbarena-plugin-postgres into a fresh Debian root (debootstrap), and use them
# there against a PostgreSQL started on the host (same loopback):
#   - seed and workload work;
#   - a mysql:// URL exits 3 and names dbarena-plugin-mysql;
#   - the SQLite example plugin, built against the installed dbarena-dev only,
#     seeds the e-commerce example and runs the oltp pattern;
#   - that plugin (sqlite.so) is reached by its other scheme, sqlite3://.
# Needs root (debootstrap, chroot) and Debian's mirror.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export ROOT BUILD=${BUILD:-$ROOT/build}
source "$ROOT/tests/integration/lib.sh"

WORK=$(mktemp -d /tmp/dbarena-pkg.XXXXXX)
CH=$WORK/root
cleanup() { pg_stop; rm -rf "$WORK"; }
trap cleanup EXIT
pass=0; failn=0
step() { # NAME CMD...: runs a check, counts it
	local name=$1; shift
	if ( "$@" ) >"$WORK/step.log" 2>&1; then
		pass=$((pass + 1)); echo "ok   $name"
	else
		failn=$((failn + 1)); echo "FAIL $name"; sed 's/^/    | /' "$WORK/step.log" | tail -n 30
	fi
}
inroot() { chroot "$CH" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }

mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}

echo "packaging: building packages"
"$ROOT/packaging/build-deb.sh" "$WORK/deb" || { echo "packaging: 0 passed, 1 failed"; exit 1; }
echo "packaging: making a clean Debian root"
debootstrap --variant=minbase bookworm "$CH" "$mirror" >"$WORK/debootstrap.log" 2>&1 ||
	{ tail -n 20 "$WORK/debootstrap.log"; echo "packaging: 0 passed, 1 failed"; exit 1; }
cp /etc/resolv.conf "$CH/etc/resolv.conf"
cp "$WORK"/deb/*.deb "$CH/tmp/"

install_core_pg() {
	local core pg
	core=$(cd "$WORK/deb" && ls dbarena_*.deb) && pg=$(cd "$WORK/deb" && ls dbarena-plugin-postgres_*.deb) &&
	inroot apt-get update -qq &&
	inroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"/tmp/$core" "/tmp/$pg" libsqlite3-0 >/dev/null &&
	! ls "$CH"/usr/lib/dbarena/plugins/mysql.so 2>/dev/null
}
step "install dbarena + dbarena-plugin-postgres only" install_core_pg

pg_start "$WORK" || { echo "packaging: could not start PostgreSQL"; exit 1; }
pg_fresh_db pkgtest
cp "$ROOT/examples/ecommerce.sql" "$ROOT/examples/ecommerce-seed.ini" "$CH/tmp/"
pg_sql "$(cat "$ROOT/examples/ecommerce.sql")" >/dev/null

seed_in_root() {
	inroot dbarena seed --url "$URL" --config /tmp/ecommerce-seed.ini --size small --quiet &&
	[ "$(pg_sql 'SELECT count(*) FROM orders')" -gt 0 ] &&
	[ "$(pg_sql 'SELECT count(*) FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE u.id IS NULL')" = 0 ]
}
step "seed in the clean root (checked with psql)" seed_in_root

workload_in_root() {
	local before after
	before=$(pg_sql 'SELECT count(*) FROM orders')
	inroot dbarena workload run --url "$URL" --pattern oltp --duration 3 --tps 50 --quiet &&
	after=$(pg_sql 'SELECT count(*) FROM orders') && echo "orders: $before -> $after"
}
step "workload in the clean root" workload_in_root

mysql_needs_plugin() {
	local out rc
	out=$(inroot dbarena query --url mysql://root:x@127.0.0.1:1/db --sql 'SELECT 1' 2>&1); rc=$?
	echo "$out"
	[ $rc = 3 ] && [[ $out == *"dbarena-plugin-mysql"* ]]
}
step "mysql:// without its plugin exits 3 naming dbarena-plugin-mysql" mysql_needs_plugin

sqlite_example() {
	local sdk=$WORK/sdk plugindir
	mkdir -p "$sdk" && dpkg-deb -x "$WORK"/deb/dbarena-dev_*.deb "$sdk" &&
	cp -r "$ROOT/examples/plugin-sqlite" "$WORK/plugin-sqlite" &&
	PKG_CONFIG_SYSROOT_DIR=$sdk PKG_CONFIG_PATH=$sdk/usr/lib/pkgconfig make -C "$WORK/plugin-sqlite" &&
	plugindir=$(PKG_CONFIG_PATH=$sdk/usr/lib/pkgconfig pkg-config --variable=plugindir dbarena-plugin) &&
	install -m 644 "$WORK/plugin-sqlite/sqlite.so" "$CH$plugindir/sqlite.so" &&
	inroot dbarena plugins | grep -q sqlite &&
	cp "$ROOT/examples/plugin-sqlite/ecommerce.sql" "$CH/tmp/ecommerce-sqlite.sql" &&
	inroot dbarena query --url sqlite:///tmp/shop.db --file /tmp/ecommerce-sqlite.sql &&
	inroot dbarena seed --url sqlite:///tmp/shop.db --config /tmp/ecommerce-seed.ini --size small --quiet &&
	inroot dbarena workload run --url sqlite:///tmp/shop.db --pattern oltp --duration 3 --tps 20 --quiet &&
	[ "$(sqlite3 "$CH/tmp/shop.db" 'SELECT count(*) FROM orders')" -gt 0 ] &&
	[ "$(sqlite3 "$CH/tmp/shop.db" 'SELECT count(*) FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE u.id IS NULL')" = 0 ]
}
step "SQLite example plugin built against dbarena-dev: seed + oltp" sqlite_example

# sqlite.so declares the schemes "sqlite" and "sqlite3": the loader finds it by the scheme, not the file name.
sqlite3_scheme() {
	local got want
	inroot dbarena plugins | grep -E '^sqlite +\|.*\| sqlite,sqlite3 +\| ok' &&
	got=$(inroot dbarena query --url sqlite3:///tmp/shop.db --sql 'SELECT count(*) AS n FROM orders' --json |
		sed -n 's/.*"n": *"\{0,1\}\([0-9]*\).*/\1/p') &&
	want=$(sqlite3 "$CH/tmp/shop.db" 'SELECT count(*) FROM orders') &&
	echo "sqlite3:// counted $got orders, sqlite3 counts $want" && [ -n "$got" ] && [ "$got" = "$want" ]
}
step "a driver reached by a scheme that is not its file name (sqlite3://)" sqlite3_scheme

echo "packaging: $pass passed, $failn failed"
[ $failn = 0 ]
