#!/usr/bin/env bash
# Integration tests against real servers.  Starts one PostgreSQL and one
# MariaDB in a temporary directory (127.0.0.1, free ports), runs every
# test_* function of tests/integration/t_*.sh in its own subshell, stops the
# servers by PID, and prints "N passed, N failed, N skipped".
#   tests/integration/run.sh [FILTER]   run only tests whose name matches FILTER
#   IT_VERBOSE=1 also prints what passing tests reported (figures, samples).
#   IT_SKIP=REGEX skips the tests whose name matches (CI's sanitizer pass leaves out
#   suites that take long in wall time and run no code the other tests do not).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export ROOT
source "$ROOT/tests/integration/lib.sh"

WORK=$(mktemp -d /tmp/dbarena-it.XXXXXX)
export WORK
cleanup() { pg_stop; my_stop; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "integration: starting PostgreSQL and MariaDB in $WORK"
pg_start "$WORK" || { echo "integration: could not start PostgreSQL"; exit 1; }
my_start "$WORK" || { echo "integration: could not start MariaDB"; exit 1; }

filter=${1:-}
pass=0; failn=0; skipn=0; failed=()
for f in "$ROOT"/tests/integration/t_*.sh; do
	[ -f "$f" ] || continue
	tests=$(bash -c "source '$f'; declare -F" | awk '{print $3}' | grep '^test_' || true)
	for t in $tests; do
		[ -n "$filter" ] && [[ "$t" != *$filter* ]] && continue
		if [ -n "${IT_SKIP:-}" ] && [[ "$t" =~ $IT_SKIP ]]; then
			skipn=$((skipn + 1)); echo "SKIP $t: skipped: not in this pass (IT_SKIP)"; continue
		fi
		start=$(date +%s)
		touch "$WORK/.stamp"
		# shellcheck disable=SC1090,SC1091 # each suite in turn
		( cd "$WORK" && set -u && source "$ROOT/tests/integration/lib.sh" && source "$f" && "$t" ) \
			>"$WORK/$t.log" 2>&1
		rc=$?
		# Every results file the test wrote validates against docs/results.schema.json.
		if [ $rc -eq 0 ]; then
			new=$(find "$WORK" -name '*.json' -newer "$WORK/.stamp" -type f 2>/dev/null)
			[ -z "$new" ] || python3 "$ROOT/tests/tools/validate_results.py" "$ROOT/docs/results.schema.json" \
				$new >>"$WORK/$t.log" 2>&1 || rc=1
		fi
		secs=$(( $(date +%s) - start ))
		if [ $rc -eq 0 ]; then
			pass=$((pass + 1)); echo "ok   $t (${secs}s)"
			[ -n "${IT_VERBOSE:-}" ] && grep '^    [^|]' "$WORK/$t.log" | sed 's/^/    | /'
		elif [ $rc -eq 77 ]; then
			skipn=$((skipn + 1)); echo "SKIP $t: $(grep 'skipped:' "$WORK/$t.log" | tail -n 1 | sed 's/^ *//')"
		else
			failn=$((failn + 1)); failed+=("$t"); echo "FAIL $t (${secs}s)"
			sed 's/^/    | /' "$WORK/$t.log" | tail -n 40
		fi
	done
done
[ ${#failed[@]} -gt 0 ] && echo "failed: ${failed[*]}"
echo "integration: $pass passed, $failn failed, $skipn skipped"
[ $failn -eq 0 ]
