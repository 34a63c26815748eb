#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# tests/sweep/run.sh: the allocation-failure sweep (issue 13), INSIDE the
# debug VM (scripts/check-debug.sh's "sweep" lane; by hand:
#   tests/vm/run.sh -- bash tests/sweep/run.sh [OP...]
# with the debug kernel and the modules built for it, see check-debug.sh).
# It needs per-task fault injection (/proc/thread-self/fail-nth: FAILSLAB,
# FAIL_PAGE_ALLOC, FAULT_INJECTION_DEBUG_FS), which the stock kernel of
# `make check` does not have: there it fails at once.
#
# 1. qda-sweep: open, close and every ioctl, each with its Nth allocation
#    failing for N = 1, 2, ... until it runs fault-free (the vDSP in sync
#    mode, so that its side of each message is swept too);
# 2. qda-sweep --load: module load of qda.ko and qda_vdsp.ko, and the
#    vDSP's device probe (sysfs bind), the same way; the modules are loaded
#    again with the harness's parameters afterwards;
# 3. kmemleak: nothing any of it leaked.
# Without arguments 1 and 3 run, and 2 too with QDA_SWEEP_LOAD=1 (it is
# slow: see the NOT RUN line it prints otherwise); with OP arguments only
# those operations (qda-sweep --list names them); with --load only 2 and 3.
# Prints "ok <name>" / "FAIL <name>: reason", then "N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${QDA_CMAKE_BUILD_DIR:-$ROOT/build/cmake}/tests/sweep/qda-sweep
DBG=/sys/kernel/debug

passed=0
failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
add() { # the last "P passed, F failed" of a run's output
	local last
	last=$(printf '%s\n' "$1" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
	else
		fail "$2" "no summary (crashed?)"
	fi
}
finish() {
	echo "$passed passed, $failed failed"
	[ $failed -eq 0 ]
	exit
}

if [ ! -x "$BIN" ]; then
	fail sweep "$BIN not built (make userspace)"
	finish
fi
mountpoint -q $DBG || mount -t debugfs none $DBG 2>/dev/null
if [ ! -w /proc/self/fail-nth ] || [ ! -d $DBG/failslab ] || [ ! -d $DBG/fail_page_alloc ]; then
	fail sweep "no per-task fault injection in this kernel (FAILSLAB, FAIL_PAGE_ALLOC, FAULT_INJECTION_DEBUG_FS): run it in make check-debug"
	finish
fi

# fail-nth bypasses probability, interval and times, but not these
# filters: by default both ignore allocations that may sleep (nearly all
# of QDA's), and page allocations below order 1 and from highmem. Page
# allocations failed so never reach warn_alloc() (no "page allocation
# failure" dumps); vmalloc's are ratelimited, and none of it is anything
# tests/vm/scan-klog.sh flags. verbose 0: no "FAULT_INJECTION: forcing a
# failure" line per point (QDA_SWEEP_VERBOSE=2 for a stack trace each).
for f in failslab fail_page_alloc; do
	echo N >$DBG/$f/ignore-gfp-wait
	echo "${QDA_SWEEP_VERBOSE:-0}" >$DBG/$f/verbose
	# only fail-nth: nothing fails at random
	echo 0 >$DBG/$f/probability
done
echo N >$DBG/fail_page_alloc/ignore-gfp-highmem
echo 0 >$DBG/fail_page_alloc/min-order
echo N >$DBG/failslab/cache-filter

t0=$(date +%s)
only_load=0
if [ "${1:-}" = --load ]; then
	only_load=1
	shift
else
	out=$("$BIN" "$@" 2>&1)
	echo "$out"
	add "$out" sweep-ioctls
	echo "# ioctl sweep: $(($(date +%s) - t0)) s"
fi

if [ $# -eq 0 ] || [ $only_load = 1 ]; then
	if [ $only_load = 0 ] && [ "${QDA_SWEEP_LOAD:-0}" != 1 ]; then
		# Not counted, either way: a check that did not run
		echo "NOT RUN sweep-load: the module-load and probe sweep takes over 35 min on 2 busy cores (its sampling does not take effect yet); QDA_SWEEP_LOAD=1 or --load runs it"
	elif [ -n "${QDA_VM_RUN:-}" ] && [ -d "$QDA_VM_RUN/ko" ]; then
		args_of() { sed -n "s|^[^ ]*/$1\.ko *||p" "$QDA_VM_RUN/modules" 2>/dev/null | head -n1; }
		t1=$(date +%s)
		out=$("$BIN" --load "$QDA_VM_RUN/ko" "$(args_of qda)" "$(args_of qda_vdsp)" 2>&1)
		echo "$out"
		add "$out" sweep-load
		echo "# load/probe sweep: $(($(date +%s) - t1)) s"
	else
		fail sweep-load "not in the VM harness (QDA_VM_RUN): cannot reload the modules"
	fi

	# kmemleak: objects younger than 5 s are not reported yet
	if [ -w $DBG/kmemleak ]; then
		sleep 6
		echo scan >$DBG/kmemleak
		leaks=$(cat $DBG/kmemleak)
		if [ -z "$leaks" ]; then
			ok sweep-kmemleak
		else
			printf '%s\n' "$leaks" | head -n 60
			fail sweep-kmemleak "kmemleak reports $(grep -c '^unreferenced object' <<<"$leaks") leak(s)"
		fi
	else
		fail sweep-kmemleak "no kmemleak in this kernel"
	fi
fi
echo "# sweep total: $(($(date +%s) - t0)) s"
finish
