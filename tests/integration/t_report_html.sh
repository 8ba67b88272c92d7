# shellcheck shell=bash
# The HTML report (dbarena report --html): written from a real run's JSON, opened in headless
# Debian chromium; every chart must be in the rendered DOM with its data points, and a screenshot
# is kept as an artefact (its path is printed; a copy goes to $BUILD/artefacts).
EX=$ROOT/examples

rh_need() { command -v chromium >/dev/null || skip "chromium not installed (tests/deps.sh)"; }
rh_run() { # JSON [options...]: a workload on a fresh ecommerce database
	local j=$1; shift
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --connections 3 --duration 4 --json "$j" --quiet "$@"
}
rh_chromium() { # HTML DOM_OUT PNG_OUT
	local prof="$WORK/chromium_$RANDOM"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir="$prof" \
		--dump-dom "file://$1" >"$2" 2>"$WORK/chromium.err" || fail "chromium --dump-dom: $(tail -n 5 "$WORK/chromium.err")"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir="$prof" \
		--hide-scrollbars --window-size=1200,3000 --screenshot="$3" "file://$1" >/dev/null 2>>"$WORK/chromium.err" ||
		fail "chromium --screenshot: $(tail -n 5 "$WORK/chromium.err")"
	[ "$(head -c 4 "$3" | od -An -c | tr -d ' ')" = "211PNG" ] || fail "no PNG screenshot at $3"
	mkdir -p "$BUILD/artefacts"
	cp "$3" "$BUILD/artefacts/"
	echo "    screenshot: $3 (copy: $BUILD/artefacts/$(basename "$3"))"
}
# The polylines of chart ID in the rendered DOM: "lines points-of-the-longest", e.g. "3 40".
rh_chart() { # DOM ID
	awk -v id="$2" 'BEGIN { RS = "<svg"; lines = 0; most = 0 }
		index($0, "data-chart=\"" id "\"") {
			n = split($0, parts, "<polyline")
			for (i = 2; i <= n; i++) {
				lines++
				if (match(parts[i], /points="[^"]*"/)) {
					pts = substr(parts[i], RSTART + 8, RLENGTH - 9)
					c = gsub(/,/, ",", pts)
					if (c > most) most = c
				}
			}
		}
		END { print lines, most }' "$1"
}
rh_expect_chart() { # DOM ID MIN_LINES MIN_POINTS
	local got lines pts
	got=$(rh_chart "$1" "$2")
	lines=${got% *}; pts=${got#* }
	[ "$lines" -ge "$3" ] && [ "$pts" -ge "$4" ] && { echo "    chart $2: $lines polylines, longest $pts points"; return 0; }
	fail "chart $2: $lines polylines, longest $pts points; expected >= $3 lines and >= $4 points"
}

test_report_html_renders_in_chromium() {
	rh_need
	pg_fresh_db rh_one
	pg_sql "$(cat "$EX/ecommerce.sql")" >/dev/null
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --quiet
	local j="$WORK/rh_run.json" h="$WORK/rh_report.html" dom="$WORK/rh_dom.html" ops
	rh_run "$j" --tps 60 --interval 0.5
	expect_exit 0 dbarena report "$j" --html "$h"
	assert_contains "$OUT" "wrote $h" "report names its file"
	# Self-contained: no script, no external resource.
	if grep -Eiq '<script|<link|src=|https?://' "$h"; then fail "the report refers to something outside it"; fi
	rh_chromium "$h" "$dom" "$WORK/rh_report.png"
	assert_eq 5 "$(grep -o '<svg class="chart"' "$dom" | wc -l | tr -d ' ')" "charts in the rendered DOM"
	# 4 s at 0.5 s interval points: at least 6 points per time series.
	rh_expect_chart "$dom" throughput 2 6
	rh_expect_chart "$dom" latency_scheduled 3 6
	rh_expect_chart "$dom" latency_service 3 6
	rh_expect_chart "$dom" errors 2 6
	# The percentile plot: one line per operation that ran, five percentiles each.
	ops=$(jget "$j" '[.operations[] | select(.count > 0)] | length')
	rh_expect_chart "$dom" operations "$ops" 5
	assert_contains "$(cat "$dom")" 'data-series="select"' "the select line"
	assert_contains "$(cat "$dom")" 'data-series="target"' "the target line"
	assert_contains "$(cat "$dom")" "$(jget "$j" .successful)" "the run's figures"
	# Phases: a dashed mark where each phase after the first begins, on every chart over time.
	j="$WORK/rh_phases.json"; h="$WORK/rh_phases.html"; dom="$WORK/rh_phases_dom.html"
	expect_exit 0 dbarena workload run --url "$URL" --pattern oltp --connections 3 --phases "2s@30,2s@60" \
		--interval 0.5 --json "$j" --quiet
	expect_exit 0 dbarena report "$j" --html "$h"
	rh_chromium "$h" "$dom" "$WORK/rh_phases.png"
	assert_eq 4 "$(grep -o '<g class="mark">' "$dom" | wc -l | tr -d ' ')" "phase marks (one on each of 4 time charts)"
	assert_contains "$(cat "$dom")" '>phase2</text>' "the mark names its phase"
}

test_report_html_compare_and_errors() {
	rh_need
	pg_fresh_db rh_two
	pg_sql "$(cat "$EX/ecommerce.sql")" >/dev/null
	expect_exit 0 dbarena seed --url "$URL" --config "$EX/ecommerce-seed.ini" --size small --quiet
	local a="$WORK/rh_a.json" b="$WORK/rh_b.json" h="$WORK/rh_compare.html" dom="$WORK/rh_compare_dom.html"
	rh_run "$a" --tps 40
	rh_run "$b" --tps 80
	expect_exit 0 dbarena report compare "$a" "$b" --html "$h"
	rh_chromium "$h" "$dom" "$WORK/rh_compare.png"
	# Both runs on the same axes: two tps lines and two target lines; six latency lines.
	rh_expect_chart "$dom" throughput 4 3
	rh_expect_chart "$dom" latency_scheduled 6 3
	assert_contains "$(cat "$dom")" 'data-series="rh_a.json"' "run A's line"
	assert_contains "$(cat "$dom")" 'data-series="rh_b.json"' "run B's line"
	# Bad input: usage errors, and no half-written file left.
	expect_exit 2 dbarena report "$WORK/missing.json" --html "$WORK/bad.html"
	assert_contains "$OUT" "cannot read" "missing file"
	[ ! -e "$WORK/bad.html" ] || fail "a failed report left its file"
	echo '{"x": 1}' >"$WORK/notrun.json"
	expect_exit 2 dbarena report "$WORK/notrun.json" --html "$WORK/bad.html"
	assert_contains "$OUT" "not a dbarena result" "not a result"
	# Without --html: the text summary of the run, as it printed it.
	expect_exit 0 dbarena report "$a"
	assert_contains "$OUT" "throughput:" "report without --html prints the summary"
	expect_exit 2 dbarena report compare "$a" --html "$h"
}
