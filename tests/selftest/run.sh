#!/usr/bin/env bash
# tests/selftest/run.sh: the vDSP's in-kernel self-tests, INSIDE the test VM
#   tests/vm/run.sh -- bash tests/selftest/run.sh [-r ROUNDS] [-d DOMAIN]
# smmu_race: 4 kthreads map, translate and unmap on one context bank at
# once; smmu_unmap: mapping pins nothing and an unmap waits for the
# translations in progress; smmu_down: a crash stops a translation in
# progress and work from before it (kmod/vdsp/qda_vdsp_selftest.c). A
# failure is reported by the write (EIO, details in the kernel log) or, for
# memory corruption, by an oops that the VM harness catches.
# Prints "ok <name>" / "FAIL <name>: reason" and "N passed, N failed".
set -uo pipefail

rounds=${QDA_SELFTEST_ROUNDS:-50000} domain=cdsp
while getopts r:d: opt; do
	case $opt in
	r) rounds=$OPTARG ;;
	d) domain=$OPTARG ;;
	*) echo "usage: $0 [-r ROUNDS] [-d DOMAIN]" >&2; exit 2 ;;
	esac
done

knob=/sys/kernel/debug/qda_vdsp/$domain/selftest
pass=0 fail=0
# run NAME COMMAND: one self-test, reported as ok/FAIL with its duration
run() {
	local name=$1 cmd=$2 start err
	start=$(date +%s)
	if err=$(echo "$cmd" 2>&1 >"$knob"); then
		echo "ok $name ($(( $(date +%s) - start )) s)"
		pass=$((pass + 1))
	else
		echo "FAIL $name: write failed: ${err:-?} (see the kernel log)"
		fail=$((fail + 1))
	fi
}
if [ ! -w "$knob" ]; then
	echo "FAIL selftest: $knob missing (qda_vdsp.ko not loaded?)"
	fail=1
else
	run "smmu_race, $rounds rounds x 4 threads" "smmu_race $rounds"
	run smmu_unmap smmu_unmap
	run smmu_down smmu_down
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
