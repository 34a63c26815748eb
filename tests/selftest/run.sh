#!/usr/bin/env bash
# tests/selftest/run.sh: the vDSP's in-kernel self-tests, INSIDE the test VM
#   tests/vm/run.sh -- bash tests/selftest/run.sh [-r ROUNDS] [-d DOMAIN]
# smmu_race: 4 kthreads map, translate and unmap on one context bank at
# once (kmod/vdsp/qda_vdsp_selftest.c). A failure is reported by the write
# (EIO, details in the kernel log) or, for memory corruption, by an oops
# that the VM harness catches.
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
if [ ! -w "$knob" ]; then
	echo "FAIL smmu_race: $knob missing (qda_vdsp.ko not loaded?)"
	fail=1
else
	start=$(date +%s)
	if err=$(echo "smmu_race $rounds" 2>&1 >"$knob"); then
		echo "ok smmu_race ($rounds rounds x 4 threads, $(( $(date +%s) - start )) s)"
		pass=1
	else
		echo "FAIL smmu_race: write failed: ${err:-?} (see the kernel log)"
		fail=1
	fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
