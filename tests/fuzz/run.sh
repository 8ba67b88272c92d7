#!/bin/sh
# Builds every tests/fuzz/fuzz_*.c as a libFuzzer binary under ASan and UBSan
# (clang) and runs each for FUZZ_SECONDS, starting from its seed corpus in
# tests/fuzz/corpus/<target>/.  A crash leaves its input in
# $B/fuzz/crashes/ (replay: $B/fuzz/<target> FILE) and fails the run.
#   FUZZ_SECONDS=30   time per target
#   FUZZ_TARGETS=     space-separated subset (ini url template ...)
#   B=build          build directory
#   FUZZ_CC=clang
set -u
cd "$(dirname "$0")/../.."
B=${B:-build}
SECS=${FUZZ_SECONDS:-30}
CC=${FUZZ_CC:-clang}
OUT=$B/fuzz
mkdir -p "$OUT/obj" "$OUT/crashes" "$OUT/corpus"

# clang and its libFuzzer runtime (Debian: libclang-rt-14-dev) are not part
# of the ordinary build: install them here when missing and root.
probe() {
	printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' > "$OUT/probe.c"
	"$CC" -fsanitize=fuzzer,address,undefined -o "$OUT/probe" "$OUT/probe.c" >/dev/null 2>&1
}
if ! probe; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		echo "installing: clang libclang-rt-dev (libFuzzer runtime)"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq && apt-get install -y -qq --no-install-recommends clang libclang-rt-dev >/dev/null
	fi
	if ! probe; then
		echo "dbarena: error: $CC cannot build libFuzzer targets" >&2
		echo "  hint: apt-get install clang libclang-rt-dev" >&2
		exit 1
	fi
fi

CFLAGS="-std=gnu11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
	-fno-sanitize-recover=all -Wall -Wextra -Werror -Wno-unused-parameter
	-Iinclude -iquote core -D_GNU_SOURCE -DPLUGINDIR=\"/nonexistent\" -DDBA_SRCDIR=\"$(pwd)\"
	$(pkg-config --cflags inih jansson)"
LIBS="$(pkg-config --libs inih jansson) -lm -lpthread -ldl"
GEN_SRC=$(ls core/gen/*.c)
# What every target's core code calls: errors (they escape server text for the terminal and
# stop on a signal) and the INI reader (its hash maps).
BASE_SRC="core/err.c core/ini.c core/sig.c core/ui.c core/strmap.c"

# Extra libraries of a target.
libs() {
	case $1 in
	dockerstream) pkg-config --libs libcurl ;;
	esac
}

# Core sources each target links (compiled once, with the same flags).
sources() {
	case $1 in
	ini)  echo $BASE_SRC ;;
	url)  echo $BASE_SRC core/url.c ;;
	seed) echo $BASE_SRC $GEN_SRC core/seed/config.c core/seed/unique.c core/seed/defer.c core/seed/fresh.c ;;
	workload) echo $BASE_SRC $GEN_SRC core/workload/config.c core/workload/txnconf.c core/workload/think.c \
		core/workload/phase.c ;;
	dockerstream) ;;  # includes plugins/docker/dk_http.c itself
	*)    echo $BASE_SRC $GEN_SRC ;;
	esac
}

obj() {
	o=$OUT/obj/$(echo "$1" | tr / _).o
	if [ ! -f "$o" ] || [ "$1" -nt "$o" ] || [ "$0" -nt "$o" ]; then
		# shellcheck disable=SC2086
		"$CC" $CFLAGS -fsanitize=fuzzer-no-link -c "$1" -o "$o" || return 1
	fi
	echo "$o"
}

targets=${FUZZ_TARGETS:-$(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c | sed 's/^fuzz_//'; done)}
pass=0; fail=0
for t in $targets; do
	objs=""
	ok=1
	for s in $(sources "$t"); do
		o=$(obj "$s") || { ok=0; break; }
		objs="$objs $o"
	done
	# shellcheck disable=SC2086
	if [ $ok = 1 ] && "$CC" $CFLAGS -o "$OUT/$t" "tests/fuzz/fuzz_$t.c" $objs $LIBS $(libs "$t"); then
		mkdir -p "$OUT/corpus/$t" "tests/fuzz/corpus/$t"
		log=$OUT/$t.log
		# New inputs go to the build's corpus; the seed corpus stays as written.
		ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		"$OUT/$t" -max_total_time="$SECS" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
			-artifact_prefix="$OUT/crashes/$t-" "$OUT/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1
		rc=$?
	else
		rc=1; log=""
	fi
	if [ $rc = 0 ]; then
		runs=$(sed -n 's/^#\([0-9]*\).*DONE.*/\1/p' "$log" | tail -n 1)
		echo "ok   fuzz_$t (${runs:-?} runs in ${SECS}s)"
		pass=$((pass + 1))
	else
		[ -n "$log" ] && grep -v '^#\|^INFO:\|^MERGE\|^Loading' "$log" | tail -n 60
		echo "FAIL fuzz_$t${log:+ (log: $log; crash inputs: $OUT/crashes/$t-*)}"
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail = 0 ]
