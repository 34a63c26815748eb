#!/usr/bin/env bash
# kunit.sh: the KUnit tests of qda.ko (kmod/tests/qda_kunit.c), run INSIDE
# the test VM on a kernel with KUnit (make check-debug's debug kernel), with
# qda.ko loaded by tests/vm/run.sh. Loads qda_kunit.ko (KUnit runs its
# suites while it loads), reads each suite's KTAP results from debugfs,
# prints one line per test case -- "ok <suite>.<case>",
# "FAIL <suite>.<case>: <where>" with KUnit's diagnostics, or
# "NOT RUN <suite>.<case>: skipped (<reason>)" (never counted as passed) --
# unloads the module, and ends with "N passed, N failed".
# Exit status non-zero if a case failed, the module did not load or unload,
# a suite reported nothing, or no case ran (all skipped counts as none).
#
# The module is QDA_KUNIT_KO, else the copy run.sh made in $QDA_VM_RUN/ko/
# (it copies qda_kunit.ko from the kmod directory when it was built there).
set -uo pipefail

SUITES=(qda_wire qda_payload qda_core)
KO=${QDA_KUNIT_KO:-${QDA_VM_RUN:-/nonexistent}/ko/qda_kunit.ko}
DEBUGFS=/sys/kernel/debug/kunit

passed=0
failed=0
notrun=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
finish() {
	[ $notrun -eq 0 ] || echo "kunit: $notrun case(s) not run (skipped; not counted as passed)"
	echo "$passed passed, $failed failed"
	if [ "$1" -ne 0 ] || [ $failed -ne 0 ] || [ $passed -eq 0 ]; then
		exit 1
	fi
	exit 0
}

if [ "${QDA_IN_VM:-}" != 1 ]; then
	echo "kunit.sh runs inside the test VM: tests/vm/run.sh -- bash tests/vm/kunit.sh" >&2
	exit 2
fi
if [ ! -f "$KO" ]; then
	fail kunit-module "$KO missing (qda_kunit.ko is built only against a kernel with KUnit)"
	finish 1
fi
if ! mountpoint -q /sys/kernel/debug 2>/dev/null; then
	mount -t debugfs none /sys/kernel/debug 2>/dev/null || true
fi

echo "=== insmod $KO"
if ! out=$(insmod "$KO" 2>&1); then
	fail kunit-load "insmod failed: $out"
	finish 1
fi

# One suite's results (KTAP): case lines are "    ok N name", "    not ok N
# name" or "    ok N name # SKIP reason", each after its diagnostics.
for suite in "${SUITES[@]}"; do
	res=$DEBUGFS/$suite/results
	if [ ! -r "$res" ]; then
		fail "$suite" "no KUnit results ($res missing: suite not run)"
		continue
	fi
	echo "=== $suite"
	cases=0
	diag=()
	while IFS= read -r line; do
		if [[ $line =~ ^\ {4}(ok|not\ ok)\ [0-9]+\ ([^ #]+)(\ \#\ SKIP\ ?(.*))?$ ]]; then
			cases=$((cases + 1))
			name=$suite.${BASH_REMATCH[2]}
			if [ -n "${BASH_REMATCH[3]}" ]; then
				echo "NOT RUN $name: skipped (${BASH_REMATCH[4]:-no reason given})"
				notrun=$((notrun + 1))
			elif [ "${BASH_REMATCH[1]}" = ok ]; then
				ok "$name"
			else
				where=$(printf '%s\n' "${diag[@]}" | grep -m1 -oE '(EXPECTATION|ASSERTION) FAILED at [^ ]+')
				fail "$name" "${where:-failed (see the diagnostics)}"
				printf '    | %s\n' "${diag[@]}"
			fi
			diag=()
		elif [[ $line =~ ^\ {4} ]] && [[ ! $line =~ ^\ {4}(KTAP|1\.\.|\#\ Subtest:) ]]; then
			diag+=("${line#    }")
		fi
	done <"$res"
	if [ $cases -eq 0 ]; then
		fail "$suite" "no test case results in $res"
	fi
done

# Unload: a reference left behind (or a broken exit) fails the run
if ! out=$(rmmod qda_kunit 2>&1); then
	fail kunit-unload "rmmod qda_kunit failed: $out"
fi
finish 0
