#!/usr/bin/env bash
# check.sh: the whole test suite (what `make check` and CI run).
#
# Stages, in order, each through its make target with its full log in
# build/logs/<stage>.log:
#   bootstrap  userspace  unit  kmod (W=1, warning-free)  checkpatch (--strict, kernel-doc)
#   copies (scripts/check-copies: no unjustified copied blocks)
#   layers (scripts/layers.py: calls and includes go down kmod's layers)
#   vm-test  vm-bypass (vDSP banks without SMMU)  vm-render (render-node
#   flavour)  kmod-arm64 (cross-build for Debian's arm64 kernel, W=1)
#   vm-arm64 (the suite in an arm64 VM; not run when kmod-arm64 failed)
#   packages  packages-test  check-debug (only with a cached debug
#   kernel; otherwise reported as not run, never as passed)
# Every stage counts as one test; in addition the subtests of the unit tests
# (ctest's "N% tests passed, F tests failed out of T") and of the VM tests
# (the total "P passed, F failed" line that tests/vm/vm-test.sh ends with)
# are added up.  A stage that does not
# apply yet (no CMakeLists.txt) is reported as skipped and not counted.
# All stages run even if an earlier one fails.  The last line of output is
# exactly "N passed, N failed"; the exit status is 1 if anything failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOGS=$ROOT/build/logs
mkdir -p "$LOGS"
cd "$ROOT"

# Used by the Makefile: progress to stderr, only the summary line on stdout.
if [ "${QDA_CHECK_SUMMARY_ONLY_STDOUT:-}" = 1 ]; then
	exec 3>&1 1>&2
else
	exec 3>&1
fi

MAKE=make
passed=0
failed=0
summary=()

count_ctest() { # log -> adds ctest's subtest counts
	local line t f
	line=$(grep -aE '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$1" | tail -n1)
	[ -n "$line" ] || return 0
	f=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
	t=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$line")
	passed=$((passed + t - f))
	failed=$((failed + f))
	echo "    unit tests: $((t - f)) passed, $f failed"
}

count_lines() { # log -> adds the last "P passed, F failed" line
	# (tests/vm/vm-test.sh ends with the total over all its suites)
	local sp=0 sf=0 line
	line=$(tr -d '\r' <"$1" | grep -aE '^([a-z-]+: )?[0-9]+ passed, [0-9]+ failed$' | tail -n1)
	if [ -n "$line" ]; then
		read -r sp _ sf _ <<<"${line#*: }"
	fi
	passed=$((passed + sp))
	failed=$((failed + sf))
	echo "    subtests: $sp passed, $sf failed"
}

stage() { # name make-target
	local name=$1 target=$2 log=$LOGS/$1.log rc t0 t1
	t0=$(date +%s)
	echo "=== $name (make $target; log: build/logs/$name.log)"
	"$MAKE" --no-print-directory "$target" >"$log" 2>&1
	rc=$?
	t1=$(date +%s)
	if grep -qE '^(userspace|unit): no CMakeLists.txt yet; skipped$' "$log"; then
		echo "--- $name: SKIPPED (no CMakeLists.txt yet) [$((t1 - t0))s]"
		summary+=("SKIP  $name")
		return
	fi
	case $name in
	unit) count_ctest "$log" ;;
	vm-test|vm-bypass|vm-render|vm-arm64|packages-test|check-debug) count_lines "$log" ;;
	esac
	if [ $rc -eq 0 ]; then
		echo "--- $name: PASS [$((t1 - t0))s]"
		passed=$((passed + 1))
		summary+=("PASS  $name")
	else
		echo "--- $name: FAIL (status $rc) [$((t1 - t0))s]; last lines of build/logs/$name.log:"
		tr -d '\r' <"$log" | grep -av '^\[ *[0-9]*\.[0-9]*\] ' | tail -n 25 | sed 's/^/    | /'
		failed=$((failed + 1))
		summary+=("FAIL  $name")
	fi
}

stage bootstrap bootstrap
stage userspace userspace
stage unit unit
KMOD_FRESH=1 stage kmod kmod
stage checkpatch checkpatch
stage copies copies
stage layers layers
stage vm-test vm-test
stage vm-bypass vm-bypass
stage vm-render vm-render
# arm64: the cross-build, then the VM lane on its modules
stage kmod-arm64 kmod-arm64
if [ "${summary[${#summary[@]}-1]}" = "PASS  kmod-arm64" ]; then
	stage vm-arm64 vm-arm64
else
	echo "=== vm-arm64"
	echo "--- vm-arm64: NOT RUN (kmod-arm64 failed)"
	summary+=("NOT RUN  vm-arm64 (kmod-arm64 failed)")
fi
stage packages packages
stage packages-test packages-test
# The sanitizer lane needs its debug kernel, which takes long to build: it
# runs when a cached one is there ('make check-debug' builds it once)
if "$ROOT/scripts/debug-kernel.sh" --check >/dev/null; then
	stage check-debug check-debug
else
	echo "=== check-debug"
	echo "--- check-debug: NOT RUN (no cached debug kernel; 'make check-debug' builds it once)"
	summary+=("NOT RUN  check-debug (no cached debug kernel)")
fi

echo "=== summary"
printf '    %s\n' "${summary[@]}"
echo "$passed passed, $failed failed" >&3
[ $failed -eq 0 ]
