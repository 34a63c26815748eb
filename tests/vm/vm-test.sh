#!/usr/bin/env bash
# vm-test.sh: what `make vm-test` runs INSIDE the VM (one boot): the harness
# smoke test, then the integration suite once tests/integration/run-all.sh
# exists.  Each suite prints its subtests and ends with "N passed, N failed";
# this script adds up the last such line of every suite (a suite that fails
# without one counts as one failure) and ends with the total in the same
# form, which `make check` reads.  Non-zero exit status if any suite fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

total_p=0 total_f=0 rc=0
tmp=$(mktemp -d)

suite() { # suite NAME CMD...
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
	elif [ "$s" -ne 0 ]; then
		total_f=$((total_f + 1))
	fi
	if [ "$s" -ne 0 ]; then
		echo "=== $name: FAILED (exit status $s)"
		rc=1
	fi
}

suite smoke bash tests/vm/smoke.sh
if [ -f tests/integration/run-all.sh ]; then
	suite integration bash tests/integration/run-all.sh
else
	echo "=== integration: tests/integration/run-all.sh not written yet; skipped"
fi
if [ -f tests/vm-suites.sh ]; then
	suite faults-stress-fuzz bash tests/vm-suites.sh
fi
rm -rf "$tmp"

echo "=== vm-test total (all suites)"
echo "$total_p passed, $total_f failed"
exit $rc
