#!/usr/bin/env bash
# Runs the docker runtime suite (tests/integration/t_docker.sh) against a private Docker engine,
# with images built from the machine's own Debian packages: no registry is needed.
#   bash tests/docker/ci.sh [FILTER]   (as root; BUILD=DIR or B=DIR picks the build directory;
#                                       FILTER keeps the tests whose name contains it)
# Steps: install docker.io when missing (its system service is not started), start dockerd in a
# temp dir (no bridge, no iptables, vfs storage), build dbarena-test/postgres:15 (and
# dbarena-test/mariadb:10.11 when MariaDB is installed) with `docker import`, tag the PostgreSQL
# image dbarena-test/pgcompat:1.0 (a new engine declared by an engine file), build
# dbarena-test/dbarena:dev from the build tree (tests/docker/dbarena-image.sh), run the suite,
# stop the engine by PID.  Exits non-zero when a test fails or the setup does.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
B=${B:-build}
BUILD=${BUILD:-$ROOT/$B}
PG_IMAGE=dbarena-test/postgres:15
MY_IMAGE=dbarena-test/mariadb:10.11
COMPAT_IMAGE=dbarena-test/pgcompat:1.0
started=$(date +%s)

say() { echo "docker ci: $*"; }
die() { echo "docker ci: error: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (it installs docker.io and starts its own dockerd)"

# ---- 1. docker.io, without its system-wide service ----
install_docker() {
	command -v dockerd >/dev/null && command -v docker >/dev/null && return 0
	say "installing docker.io"
	export DEBIAN_FRONTEND=noninteractive
	local own_policy=0
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 755 /usr/sbin/policy-rc.d
		own_policy=1
	fi
	[ $own_policy = 1 ] && trap 'rm -f /usr/sbin/policy-rc.d' EXIT
	apt-get update -qq && apt-get install -y -qq --no-install-recommends docker.io >/dev/null
	local rc=$?
	[ $own_policy = 1 ] && rm -f /usr/sbin/policy-rc.d
	trap - EXIT
	[ $rc = 0 ] || die "apt-get install docker.io failed"
}
install_docker

# ---- 2. a private engine ----
T=$(mktemp -d /tmp/dbarena-dk.XXXXXX)
chmod 755 "$T"
SOCK=unix://$T/docker.sock
DPID=""
stop_engine() {
	if [ -z "$DPID" ] && [ -s "$T/docker.pid" ]; then DPID=$(cat "$T/docker.pid"); fi
	if [ -n "$DPID" ] && kill -0 "$DPID" 2>/dev/null; then
		kill -TERM "$DPID" 2>/dev/null
		for _ in $(seq 1 100); do kill -0 "$DPID" 2>/dev/null || break; sleep 0.2; done
		kill -0 "$DPID" 2>/dev/null && kill -KILL "$DPID" 2>/dev/null
	fi
	# Mounts the engine left behind (container shm, netns) before the directory goes.
	awk -v t="$T/" 'index($2, t) == 1 {print $2}' /proc/mounts | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null; done
	rm -rf "$T"
}
trap stop_engine EXIT
trap 'exit 130' INT TERM

dockerd --bridge=none --iptables=false --ip6tables=false --storage-driver=vfs \
	--data-root "$T/data" --exec-root "$T/exec" -H "$SOCK" --pidfile "$T/docker.pid" \
	>"$T/dockerd.log" 2>&1 &
DPID=$!
export DOCKER_HOST=$SOCK
for _ in $(seq 1 150); do
	docker version >/dev/null 2>&1 && break
	kill -0 "$DPID" 2>/dev/null || { tail -n 20 "$T/dockerd.log" >&2; die "dockerd exited"; }
	sleep 0.2
done
docker version >/dev/null 2>&1 || { tail -n 20 "$T/dockerd.log" >&2; die "dockerd did not answer on $SOCK"; }
say "engine $(docker version --format '{{.Server.Version}}') on $SOCK (pid $DPID)"

# ---- 3. images from the host's packages ----
source "$ROOT/tests/docker/mkrootfs.sh"
import_image() { # ROOTFS IMAGE CHANGE...
	local root=$1 image=$2
	shift 2
	local args=() c
	for c in "$@"; do args+=(--change "$c"); done
	tar -C "$root" --numeric-owner --sort=name --mtime=@0 -cf - . |
		docker import "${args[@]}" - "$image" >/dev/null
}

build_pg_image() {
	local pgdir r f
	pgdir=$(ls -d /usr/lib/postgresql/*/ 2>/dev/null | sort -V | tail -n 1)
	pgdir=${pgdir%/}
	[ -x "$pgdir/bin/postgres" ] || die "PostgreSQL server binaries are not installed (postgresql-15)"
	r=$T/rootfs-pg
	rootfs_base "$r"
	mkdir -p "$r$pgdir"
	# Everything but the JIT (it pulls in LLVM): the server runs with jit=off.
	( cd "$pgdir" && tar --exclude=./lib/bitcode --exclude='./lib/llvmjit*' -cf - . ) | tar -C "$r$pgdir" -xf -
	rootfs_copy "$r" "/usr/share/postgresql/${pgdir##*/}" /usr/share/zoneinfo/UTC /usr/share/zoneinfo/Etc/UTC
	local so=()
	for f in "$pgdir"/lib/*.so; do [[ $f == */llvmjit* ]] || so+=("$f"); done
	rootfs_libs "$r" "$pgdir"/bin/* "${so[@]}"
	mkdir -p "$r/var/lib/postgresql/data" "$r/run/postgresql" "$r/usr/local/bin"
	chown -R 999:999 "$r/var/lib/postgresql" "$r/run/postgresql"
	chmod 700 "$r/var/lib/postgresql/data"
	install -m 755 "$ROOT/tests/docker/pg-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
	import_image "$r" "$PG_IMAGE" \
		'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' 'CMD ["postgres"]' 'USER 999:999' \
		"ENV PATH=$pgdir/bin:/usr/local/bin:/bin:/usr/bin" 'ENV TZ=UTC' 'ENV PGDATA=/var/lib/postgresql/data'
	rm -rf "$r"
}

build_my_image() {
	local r
	r=$T/rootfs-my
	rootfs_base "$r"
	rootfs_copy "$r" /usr/sbin/mariadbd /usr/bin/mariadb /usr/share/mysql/charsets /usr/share/mysql/english
	rootfs_libs "$r" /usr/sbin/mariadbd /usr/bin/mariadb
	# The system tables are made here once, with the host's mariadb-install-db; the entrypoint
	# only sets the root password and creates the database.
	mkdir -p "$r/var/lib/mysql" "$r/run/mysqld" "$r/usr/local/bin"
	mariadb-install-db --no-defaults --datadir="$r/var/lib/mysql" --user="$(id -un)" \
		--auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
		>"$T/install-db.log" 2>&1 || { tail -n 20 "$T/install-db.log" >&2; die "mariadb-install-db failed"; }
	chown -R 998:998 "$r/var/lib/mysql" "$r/run/mysqld"
	install -m 755 "$ROOT/tests/docker/my-entrypoint.sh" "$r/usr/local/bin/docker-entrypoint.sh"
	import_image "$r" "$MY_IMAGE" \
		'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' 'CMD ["mysqld"]' 'USER 998:998' \
		'ENV PATH=/usr/local/bin:/usr/sbin:/usr/bin:/bin' 'ENV TZ=UTC'
	rm -rf "$r"
}

image_built() { # IMAGE T0
	say "built $1 ($(docker image inspect -f '{{.Size}}' "$1" | awk '{printf "%d MB", $1/1048576}'), $(( $(date +%s) - $2 ))s)"
}
t0=$(date +%s)
build_pg_image
image_built "$PG_IMAGE" "$t0"
# The same server under another repository and tag: the engine a test adds with one engine file.
docker tag "$PG_IMAGE" "$COMPAT_IMAGE" || die "docker tag $COMPAT_IMAGE failed"
export DBARENA_TEST_DOCKER_COMPAT_IMAGE=$COMPAT_IMAGE
if [ -x /usr/sbin/mariadbd ] && command -v mariadb-install-db >/dev/null; then
	t0=$(date +%s)
	build_my_image
	image_built "$MY_IMAGE" "$t0"
	export DBARENA_TEST_DOCKER_MYSQL_IMAGE=$MY_IMAGE
else
	say "MariaDB is not installed: the MariaDB container test is skipped"
fi

# ---- 4. the suite ----
if [ ! -x "$BUILD/dbarena" ]; then
	say "building dbarena in $BUILD"
	make -C "$ROOT" -s B="$BUILD" -j2 all >/dev/null || die "build failed"
fi
# dbarena itself as an image, for the Swarm workers (tests/integration/t_swarm.sh)
source "$ROOT/tests/docker/dbarena-image.sh"
t0=$(date +%s)
build_dbarena_image "$BUILD" dbarena-test/dbarena:dev || die "building the dbarena image failed"
image_built dbarena-test/dbarena:dev "$t0"
export DBARENA_TEST_DOCKER_DBARENA_IMAGE=dbarena-test/dbarena:dev
export BUILD DBARENA_TEST_DOCKER=1 DBARENA_TEST_DOCKER_IMAGE=$PG_IMAGE
# In the background so that INT/TERM reach the runner (it stops its servers) before the engine goes.
bash "$ROOT/tests/integration/run.sh" "${1:-docker}" &
RUNPID=$!
trap 'kill -TERM "$RUNPID" 2>/dev/null; wait "$RUNPID"; exit 130' INT TERM
wait "$RUNPID"
rc=$?
say "$([ $rc = 0 ] && echo passed || echo FAILED) in $(( $(date +%s) - started ))s"
exit $rc
