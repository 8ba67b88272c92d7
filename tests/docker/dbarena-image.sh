# shellcheck shell=bash
# build_dbarena_image BUILD IMAGE: an image of dbarena from a build tree (the binary, its
# plugins and engine files, and the shared libraries they need), made with `docker import`:
# no registry, no base image.  Sourced by tests/docker/ci.sh after mkrootfs.sh.
build_dbarena_image() {
	local build=$1 image=$2 r
	[ -x "$build/dbarena" ] || { echo "no $build/dbarena" >&2; return 1; }
	r=$(mktemp -d "${TMPDIR:-/tmp}/dbarena-img.XXXXXX")
	chmod 755 "$r" # mktemp's 0700 would be the image's / (the workers run as nobody)
	rootfs_base "$r"
	mkdir -p "$r/opt/dbarena"
	cp -L "$build/dbarena" "$r/opt/dbarena/dbarena"
	cp -RL "$build/plugins" "$r/opt/dbarena/plugins"
	chmod -R a+rX "$r/opt"
	# shellcheck disable=SC2046 # one word per file
	rootfs_libs "$r" "$build/dbarena" $(find "$build/plugins" -name '*.so')
	tar -C "$r" --numeric-owner --sort=name --mtime=@0 -cf - . |
		docker import --change 'ENTRYPOINT ["/opt/dbarena/dbarena"]' \
			--change 'ENV DBARENA_PLUGIN_PATH=/opt/dbarena/plugins' --change 'ENV HOME=/tmp' \
			--change 'ENV TZ=UTC' --change 'USER 65534:65534' - "$image" >/dev/null
	local rc=$?
	rm -rf "$r"
	return $rc
}
