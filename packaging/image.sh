#!/usr/bin/env bash
# make image: a container image of dbarena made from the project's own Debian packages, with
# no registry: the packages (packaging/build-deb.sh) installed with their dependencies into a
# minimal Debian root (debootstrap from the machine's Debian mirror), imported as IMAGE
# (default dbarena:VERSION).  Entry point dbarena, user nobody, every database driver plugin.
#   packaging/image.sh [IMAGE]        (as root: debootstrap and chroot; needs docker)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^#define DBA_VERSION "\(.*\)"/\1/p' "$ROOT/include/dbarena/version.h")
image=${1:-dbarena:$version}
[ "$(id -u)" = 0 ] || { echo "image: run as root (debootstrap, chroot)" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive
for p in debootstrap docker.io debhelper dpkg-dev fakeroot; do
	dpkg -s "$p" >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends "$p" >/dev/null
done
docker info >/dev/null 2>&1 || { echo "image: no Docker engine answers (DOCKER_HOST=${DOCKER_HOST:-unset})" >&2; exit 1; }
work=$(mktemp -d /tmp/dbarena-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
mirror=${mirror:-http://deb.debian.org/debian}

echo "image: building the Debian packages"
"$ROOT/packaging/build-deb.sh" "$work/deb" >"$work/deb.log" 2>&1 || { tail -n 40 "$work/deb.log"; exit 1; }
echo "image: a minimal Debian root"
r=$work/root
debootstrap --variant=minbase bookworm "$r" "$mirror" >"$work/debootstrap.log" 2>&1 ||
	{ tail -n 20 "$work/debootstrap.log"; exit 1; }
cp /etc/resolv.conf "$r/etc/resolv.conf"
debs=()
for d in "$work"/deb/dbarena_*.deb "$work"/deb/dbarena-plugin-{postgres,mysql,mssql}_*.deb; do
	[ -e "$d" ] || continue
	cp "$d" "$r/tmp/"
	debs+=("/tmp/$(basename "$d")")
done
inroot() { chroot "$r" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive "$@"; }
echo "image: installing ${debs[*]##*/}"
inroot apt-get update -qq >/dev/null
inroot apt-get install -y -qq --no-install-recommends "${debs[@]}" >"$work/install.log" 2>&1 ||
	{ tail -n 30 "$work/install.log"; exit 1; }
inroot dbarena version >/dev/null
inroot apt-get clean
rm -rf "$r"/tmp/*.deb "$r"/var/lib/apt/lists/* "$r/etc/resolv.conf"
echo "image: importing $image"
tar -C "$r" --numeric-owner -cf - . |
	docker import --change 'ENTRYPOINT ["/usr/bin/dbarena"]' --change 'ENV HOME=/tmp' --change 'ENV TZ=UTC' \
		--change 'USER 65534:65534' - "$image" >/dev/null
echo "image: $image ($(docker image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}'))"
