#!/bin/sh
# Installs the Debian packages the build and the tests need, when missing.
# As root it runs apt-get; otherwise it prints the command to run.
set -e
pkgs="build-essential pkg-config libpq-dev libmariadb-dev freetds-dev libinih-dev
libcurl4-openssl-dev libjansson-dev libcriterion-dev postgresql postgresql-client
mariadb-server mariadb-client jq curl prometheus chromium python3-jsonschema"
missing=""
for p in $pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "dbarena: missing packages:$missing" >&2
	echo "  hint: sudo apt-get install$missing" >&2
	exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The server packages must not start system-wide services: the tests start their own.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq --no-install-recommends $missing >/dev/null
