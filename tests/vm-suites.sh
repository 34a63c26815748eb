#!/usr/bin/env bash
# tests/vm-suites.sh: the vDSP self-test, fault, stress and fuzz suites in
# sequence, INSIDE the test VM (tests/vm/vm-test.sh runs it; by hand:
#   tests/vm/run.sh -- bash tests/vm-suites.sh).
# Bounded: stress QDA_STRESS_SECS (default 30 s of mixed load), fuzz
# QDA_FUZZ_SECS (default 30 s).  Each suite prints "ok <name>" /
# "FAIL <name>: reason" lines and "N passed, N failed"; this script ends
# with the sum of those lines (a suite that dies without one counts as one
# failure).  Non-zero exit status if any suite fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

total_p=0 total_f=0 rc=0
tmp=$(mktemp -d)

run_suite() { # NAME CMD...
	local name=$1 log=$tmp/$1.log s line
	shift
	echo "=== $name"
	"$@" 2>&1 | tee "$log"
	s=${PIPESTATUS[0]}
	line=$(grep -aE '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n1)
	if [ -n "$line" ]; then
		set -- $line
		total_p=$((total_p + $1))
		total_f=$((total_f + $3))
	else
		total_f=$((total_f + 1))
		echo "FAIL $name: no summary line (exit status $s)"
	fi
	[ "$s" -eq 0 ] || rc=1
}

run_suite selftest bash tests/selftest/run.sh
run_suite faults bash tests/faults/run.sh
# QDA_STRESS_TESTS: subtests to run (default all), e.g. to leave out known failures
run_suite stress bash tests/stress/run.sh -d "${QDA_STRESS_SECS:-30}" -p 2 -t 8 ${QDA_STRESS_TESTS:-}
run_suite fuzz bash tests/fuzz/run.sh -d "${QDA_FUZZ_SECS:-30}"
rm -rf "$tmp"
echo "=== faults + stress + fuzz total"
echo "$total_p passed, $total_f failed"
exit $rc
