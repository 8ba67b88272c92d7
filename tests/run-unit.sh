#!/bin/sh
# Runs every Criterion unit binary and prints one closing tally.
pass=0; fail=0
for t in "$@"; do
	out=$("$t" --jobs 2 2>&1); rc=$?
	line=$(printf '%s\n' "$out" | grep 'Synthesis:' | tail -n 1)
	p=$(printf '%s' "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	f=$(printf '%s' "$line" | sed -n 's/.*Failing: \([0-9]*\).*Crashing: \([0-9]*\).*/\1 \2/p')
	p=${p:-0}
	set -- $f
	nf=$(( ${1:-0} + ${2:-0} ))
	if [ $rc -ne 0 ] && [ $nf -eq 0 ]; then nf=1; fi
	if [ $nf -ne 0 ]; then printf '%s\n' "$out"; echo "FAIL $(basename "$t")"; else echo "ok   $(basename "$t") ($p tests)"; fi
	pass=$((pass + p)); fail=$((fail + nf))
done
echo "unit: $pass passed, $fail failed"
[ $fail -eq 0 ]
