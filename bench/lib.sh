# Sourced by the bench scripts.
# The median of the arguments, or of standard input's lines when there are none.
median() {
	if [ $# -gt 0 ]; then printf '%s\n' "$@"; else cat; fi |
		sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# The smallest and the largest of the arguments.
best() { printf '%s\n' "$@" | sort -g | head -n 1; }
most() { printf '%s\n' "$@" | sort -g | tail -n 1; }
