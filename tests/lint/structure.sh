#!/bin/sh
# Structure check run by `make check`: no .c file under core/ or plugins/
# over MAX_LINES lines, no function over MAX_FN lines, no include loop
# between core modules (a module is a file stem: foo.c and foo.h; a file
# including its own header does not count).
# Usage: tests/lint/structure.sh [allowlist]
# The allowlist names files (one per line, # comments) that are reported
# but do not fail the check.
MAX_LINES=${MAX_LINES:-700}
MAX_FN=${MAX_FN:-120}
cd "$(dirname "$0")/../.." || exit 2
allow=${1:-tests/lint/structure.allow}
fail=0

allowed() {
	[ -f "$allow" ] && sed 's/#.*//' "$allow" | grep -qx "[[:space:]]*$1[[:space:]]*"
}

report() { # file message
	if allowed "$1"; then
		echo "structure: allowed: $2"
	else
		echo "structure: $2"
		fail=1
	fi
}

files=$(find core plugins -name '*.c' | sort)

for f in $files; do
	n=$(wc -l < "$f")
	[ "$n" -gt "$MAX_LINES" ] && report "$f" "$f: $n lines (limit $MAX_LINES)"
done

# Functions: a line starting a top-level '{' after a signature opens a
# function; it ends at the '}' in column 0.
for f in $files; do
	awk -v max="$MAX_FN" -v file="$f" '
		/^[A-Za-z_].*\(/ && !/;[[:space:]]*$/ { sig = $0; sigline = NR }
		/^\{/ && sig != "" { start = sigline; name = sig; infn = 1; next }
		/^}/ && infn {
			len = NR - start + 1
			if (len > max) {
				sub(/\(.*/, "", name); n = split(name, w, /[ *]+/)
				printf "%s:%d: function %s is %d lines (limit %d)\n", file, start, w[n], len, max
			}
			infn = 0; sig = ""
		}
	' "$f" > /tmp/structure.$$ 
	while IFS= read -r line; do
		report "$f" "$line"
	done < /tmp/structure.$$
	rm -f /tmp/structure.$$
done

# Include loops between core modules.  A module is a stem with a .c file;
# an edge A -> B when A.c or A.h includes "B.h" (by path relative to the
# including file).  A header without a .c of its own (a folder's private
# or shared declarations) belongs to whoever includes it: its includes
# count as the includer's.
edges=$(for f in $(find core -name '*.[ch]' | sort); do
	dir=$(dirname "$f")
	from=${f%.*}
	sed -n 's/^#include "\([^"]*\.h\)".*/\1/p' "$f" | while IFS= read -r inc; do
		to=$(realpath -m --relative-to=. "$dir/$inc")
		to=${to%.h}
		[ -f "$to.h" ] || continue
		[ "$to" = "$from" ] || echo "$from $to"
	done
done | sort -u)
mods=$(find core -name '*.c' | sed 's/\.c$//' | sort)
loops=$(printf '%s\n' "$mods" | awk -v edges="$edges" '
	{ hasc[$1] = 1 }
	function expand(h, out,   i, n, a) {   # modules reached through header h
		if (hasc[h]) { out[h]; return }
		if (seen[h]++) return
		n = split(adj[h], a, " ")
		for (i = 1; i <= n; i++) expand(a[i], out)
	}
	function dfs(u, path,   i, n, v, a) {
		state[u] = 1
		n = split(madj[u], a, " ")
		for (i = 1; i <= n; i++) {
			v = a[i]
			if (state[v] == 1) print path " -> " v
			else if (state[v] == 0) dfs(v, path " -> " v)
		}
		state[u] = 2
	}
	END {
		ne = split(edges, l, "\n")
		for (i = 1; i <= ne; i++) { split(l[i], p, " "); adj[p[1]] = adj[p[1]] " " p[2] }
		for (u in hasc) {
			n = split(adj[u], a, " ")
			delete out
			for (j = 1; j <= n; j++) { delete seen; expand(a[j], out) }
			for (m in out) if (m != u) madj[u] = madj[u] " " m
		}
		for (u in hasc) if (state[u] == 0) dfs(u, u)
	}')
if [ -n "$loops" ]; then
	echo "$loops" | while IFS= read -r l; do echo "structure: include loop: $l"; done
	fail=1
fi

[ "$fail" = 0 ] && echo "structure: ok"
exit $fail
