# Helpers to build minimal images from the host's own Debian packages (sourced by ci.sh).
# A root filesystem is a staging directory holding the programs, the libraries ldd lists for
# them, a few tools for the entrypoint, and /etc/passwd; it is turned into an image with
# `docker import` (no registry, no Dockerfile base image).

# Host tools the entrypoints and the tests run inside the containers.
DK_TOOLS="sh dash sleep cat mkdir chmod chown rm ls id env true false printf sed"

rootfs_copy() { # ROOT PATH... : copy files (following symlinks), keeping their paths
	local root=$1 p
	shift
	for p in "$@"; do
		[ -e "$p" ] || continue
		mkdir -p "$root$(dirname "$p")"
		cp -aL "$p" "$root$p"
	done
}

rootfs_libs() { # ROOT FILE... : the shared libraries (and the loader) the files need
	local root=$1
	shift
	ldd "$@" 2>/dev/null | awk '/=> \//{print $3} /^[ \t]*\/[^ ]*ld-linux/{print $1}' | sort -u |
		while read -r lib; do rootfs_copy "$root" "$lib"; done
}

rootfs_base() { # ROOT : tools, passwd/group, /tmp
	local root=$1 t bins=""
	mkdir -p "$root"/{bin,etc,tmp,run,var,usr/bin,usr/lib}
	chmod 1777 "$root/tmp"
	ln -sfn ../run "$root/var/run"
	for t in $DK_TOOLS; do
		t=$(type -P "$t") || continue
		cp -L "$t" "$root/bin/$(basename "$t")"
		bins="$bins $t"
	done
	[ -e "$root/bin/sh" ] || ln -s dash "$root/bin/sh"
	# shellcheck disable=SC2086
	rootfs_libs "$root" $bins
	# Dynamic programs look their loader up by its absolute path; also keep /lib64 for it.
	[ -e /lib64/ld-linux-x86-64.so.2 ] && rootfs_copy "$root" /lib64/ld-linux-x86-64.so.2
	printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh\nmysql:x:998:998:MariaDB:/var/lib/mysql:/bin/sh\n' >"$root/etc/passwd"
	printf 'root:x:0:\npostgres:x:999:\nmysql:x:998:\n' >"$root/etc/group"
	printf 'hosts: files\npasswd: files\ngroup: files\n' >"$root/etc/nsswitch.conf"
	printf '127.0.0.1 localhost\n' >"$root/etc/hosts"
}
