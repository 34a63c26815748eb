#!/usr/bin/env bash
# vm-test.sh [SUITE...]: what `make vm-test` runs INSIDE the VM (one boot).
# Suites, in this order: smoke (the harness), integration
# (tests/integration/run-all.sh), selftest (the vDSP's in-kernel
# self-tests), faults (hostile-vDSP knobs), stress (bounded:
# QDA_STRESS_SECS, default 30 s of mixed load; QDA_STRESS_TESTS picks
# subtests) and fuzz (bounded: QDA_FUZZ_SECS, default 30 s). Naming suites
# runs only those, e.g. by hand:
#   tests/vm/run.sh -- bash tests/vm/vm-test.sh faults stress
# Each suite prints "ok <name>" / "FAIL <name>: reason" lines and ends with
# "N passed, N failed"; this script adds up the last such line of every
# suite (a suite that ends without one counts as one failure, whatever its
# exit status) and ends with the total in the same form, which `make check`
# reads. Non-zero exit status if any suite fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

ALL=(smoke integration selftest faults stress fuzz)
total_p=0 total_f=0 rc=0
tmp=$(mktemp -d)

suite_cmd() { # NAME: the suite's command line
	case $1 in
	smoke) echo bash tests/vm/smoke.sh ;;
	integration) echo bash tests/integration/run-all.sh ;;
	selftest) echo bash tests/selftest/run.sh ;;
	faults) echo bash tests/faults/run.sh ;;
	stress) echo bash tests/stress/run.sh -d "${QDA_STRESS_SECS:-30}" -p 2 -t 8 \
		"${QDA_STRESS_TESTS:-}" ;;
	fuzz) echo bash tests/fuzz/run.sh -d "${QDA_FUZZ_SECS:-30}" ;;
	*) return 1 ;;
	esac
}

suite() { # NAME
	local name=$1 log=$tmp/$1.log cmd s line
	if ! cmd=$(suite_cmd "$name"); then
		echo "FAIL $name: no such suite (have: ${ALL[*]})"
		total_f=$((total_f + 1))
		rc=1
		return
	fi
	echo "=== $name"
	# word splitting of $cmd is wanted: it is one of the lines above
	# shellcheck disable=SC2086
	$cmd 2>&1 | tee "$log"
	s=${PIPESTATUS[0]}
	line=$(tr -d '\r' <"$log" | grep -aE '^[0-9]+ passed, [0-9]+ failed$' | tail -n1)
	if [ -n "$line" ]; then
		set -- $line
		total_p=$((total_p + $1))
		total_f=$((total_f + $3))
	else
		total_f=$((total_f + 1))
		echo "FAIL $name: no summary line (exit status $s)"
	fi
	if [ "$s" -ne 0 ]; then
		echo "=== $name: FAILED (exit status $s)"
		rc=1
	fi
}

[ $# -gt 0 ] || set -- "${ALL[@]}"
for name; do
	suite "$name"
done
rm -rf "$tmp"

echo "=== vm-test total ($*)"
echo "$total_p passed, $total_f failed"
exit $rc
