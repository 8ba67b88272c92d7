#!/bin/sh
# Builds the Debian packages from the current tree into OUTDIR (default build/deb):
#   dbarena, dbarena-dev and one dbarena-plugin-<name> per plugin.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/deb}
work=$(mktemp -d /tmp/dbarena-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/dbarena" "$out"
# The committed tree (HEAD), without build output or work in progress.
(cd "$top" && git archive --format=tar HEAD) | (cd "$work/dbarena" && tar xf -)
cp -r "$top/packaging/debian" "$work/dbarena/debian"
(cd "$work/dbarena" && dpkg-buildpackage -b -us -uc -j2 >"$work/build.log" 2>&1) || {
	tail -n 60 "$work/build.log"; exit 1; }
mv "$work"/*.deb "$out"/
echo "packages in $out:"
ls "$out"
if command -v lintian >/dev/null 2>&1; then
	# Errors fail the build; warnings are shown.
	lintian --fail-on error "$out"/*.deb 2>/dev/null || { lintian "$out"/*.deb; exit 1; }
fi
