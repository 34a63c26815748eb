#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run-all.sh: the integration suite, run inside the test VM (cwd: repo root,
# qda.ko + qda_vdsp.ko loaded). Runs every integration program from
# build/cmake/tests/integration, then checks that the driver's and the
# virtual DSP's live-object counters (debugfs) are back to their baseline.
# Last line: "N passed, N failed"; exit status non-zero on any failure.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${QDA_CMAKE_BUILD_DIR:-$ROOT/build/cmake}
BIN=$BUILD/tests/integration
PROGS=(itest_abi itest_libqda itest_prime itest_cb_pool itest_smmu itest_races itest_privilege itest_handles itest_nodes itest_dsp_held itest_unconfirmed itest_slots itest_limits)
EXAMPLES=(calculator dmabuf_share)

passed=0
failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# run_counted CMD...: run a program that ends with "N passed, N failed",
# show its output and add its counts; sets rc (its exit status) and nfailed.
# Status 1 when its last line is no such summary.
run_counted() {
	local out last
	out=$("$@" 2>&1)
	rc=$?
	echo "$out"
	last=$(printf '%s\n' "$out" | tail -n 1)
	[[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]] || return 1
	nfailed=${BASH_REMATCH[2]}
	passed=$((passed + BASH_REMATCH[1]))
	failed=$((failed + nfailed))
}

if ! mountpoint -q /sys/kernel/debug 2>/dev/null; then
	mount -t debugfs none /sys/kernel/debug 2>/dev/null || true
fi

# Live-object counters: "file:name value" lines, sorted.
LIVE_CORE='^(bos|imports|sessions|contexts|cb_maps|dsp_maps|bytes) '
LIVE_VDSP='^(processes|module_handles|dsp_maps|dsp_mapped_bytes|smmu_maps|smmu_mapped_bytes) '
snapshot() {
	local f
	for f in /sys/kernel/debug/accel/*/qda_stats /sys/kernel/debug/dri/*/qda_stats; do
		[ -r "$f" ] && grep -E "$LIVE_CORE" "$f" | sed "s|^|$f:|"
	done
	for f in /sys/kernel/debug/qda_vdsp/*/stats; do
		[ -r "$f" ] && grep -E "$LIVE_VDSP" "$f" | sed "s|^|$f:|"
	done
	return 0
}

base=$(snapshot)
if [ -z "$base" ]; then
	echo "note: no qda debugfs counters found; leak check skipped"
fi

# After each program: everything it made must be gone again. A call it
# abandoned may still run on the DSP for a while (and hold its DSP process
# there), so wait for that before the next program takes its own baseline.
settled() { # name
	local now= _try
	[ -n "$base" ] || return 0
	for _try in $(seq 1 100); do
		now=$(snapshot)
		[ "$now" = "$base" ] && return 0
		sleep 0.1
	done
	fail "$1-counters-back" "live counters differ from the baseline: $(diff <(echo "$base") <(echo "$now") | grep '^>' | tr '\n' ' ')"
}

for p in "${PROGS[@]}"; do
	exe=$BIN/$p
	echo "=== $p"
	if [ ! -x "$exe" ]; then
		fail "$p" "not built ($exe)"
		continue
	fi
	if run_counted timeout 300 "$exe"; then
		if [ $rc -ne 0 ] && [ "$nfailed" -eq 0 ]; then
			fail "$p" "exit status $rc"
		fi
	else
		fail "$p" "crashed or no summary (exit status $rc)"
	fi
	settled "$p"
done

echo "=== examples"
for e in "${EXAMPLES[@]}"; do
	exe=$BUILD/examples/$e
	if [ ! -x "$exe" ]; then
		fail "example-$e" "not built"
		continue
	fi
	out=$(timeout 120 "$exe" cdsp 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		ok "example-$e"
	elif [ $rc -eq 77 ]; then
		echo "skip example-$e: $(printf '%s' "$out" | tail -n 1)"
	else
		echo "$out"
		fail "example-$e" "exit status $rc"
	fi
done
qda=$BUILD/tools/qda
if [ -x "$qda" ]; then
	r=$("$qda" calc sum 1 2 3 -4 2>&1)
	[ "$r" = "2" ] && ok "qda-calc-sum" || fail "qda-calc-sum" "got '$r'"
	r=$("$qda" --json calc max 5 -9 12 2>&1)
	[[ $r == *'"result":12'* ]] && ok "qda-calc-max-json" || fail "qda-calc-max-json" "got '$r'"
	"$qda" ping -n 5 >/dev/null 2>&1 && ok "qda-ping" || fail "qda-ping" "exit $?"
	r=$("$qda" --json bench -n 20 2>&1)
	[[ $r == *'"null_invoke_us":'* && $r == *'"bo_cycles_64k_per_s":'* ]] &&
		ok "qda-bench-json" || fail "qda-bench-json" "got '$r'"
	"$qda" --json list | grep -q '"domain":"cdsp"' && ok "qda-list-json" || fail "qda-list-json" "no cdsp"
	"$qda" info nodsp >/dev/null 2>&1
	[ $? -eq 3 ] && ok "qda-info-nodev-exit" || fail "qda-info-nodev-exit" "not 3"
	"$qda" calc bogus 1 >/dev/null 2>&1
	[ $? -eq 2 ] && ok "qda-usage-exit" || fail "qda-usage-exit" "not 2"
fi

if [ -n "$base" ]; then
	now=
	for _try in $(seq 1 50); do	# the DSP side may release asynchronously
		now=$(snapshot)
		[ "$now" = "$base" ] && break
		sleep 0.1
	done
	if [ "$now" = "$base" ]; then
		ok "counters-back-to-baseline"
	else
		changed=
		while IFS= read -r line; do
			case $'\n'"$base"$'\n' in
			*$'\n'"$line"$'\n'*) ;;
			*) changed+="$line " ;;
			esac
		done <<<"$now"
		fail "counters-back-to-baseline" "changed: $changed"
	fi
fi

# Last: module lifetime (unloads and reloads the modules)
if [ -n "${QDA_VM_RUN:-}" ]; then
	echo "=== lifecycle.sh"
	if ! run_counted timeout 300 bash "$ROOT/tests/integration/lifecycle.sh"; then
		fail "lifecycle" "no summary (exit status $rc)"
	fi
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
