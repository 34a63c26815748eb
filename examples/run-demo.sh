#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run-demo.sh: the QDA demo, run inside the test VM by `make demo` (cwd: the
# repository root, qda.ko and qda_vdsp.ko loaded). Shows the devices, one
# domain's details and the calculator example. Exits non-zero on failure.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${QDA_CMAKE_BUILD_DIR:-$ROOT/build/cmake}
QDA=$BUILD/tools/qda
CALC=$BUILD/examples/calculator
DMABUF=$BUILD/examples/dmabuf_share

for b in "$QDA" "$CALC"; do
	if [ ! -x "$b" ]; then
		echo "run-demo: $b is missing: build with 'make userspace' first" >&2
		exit 1
	fi
done

failed=0
step() {
	local title=$1
	shift
	echo
	echo "=== $title"
	echo "\$ ${*#$BUILD/}"
	"$@"
	local rc=$?
	if [ $rc -ne 0 ]; then
		echo "--- FAILED (exit $rc): $title"
		failed=$((failed + 1))
	fi
	return 0
}

echo "QDA demo: libqda $("$QDA" --help >/dev/null 2>&1 && echo ready) on $(uname -r)"
step "QDA devices" "$QDA" list
step "The compute DSP (cdsp)" "$QDA" info cdsp
step "Calculator: sum and max of 1000 integers on the DSP" "$CALC" cdsp 1000
step "Calculator from the command line" "$QDA" calc sum 1 2 3 4 5 6 7 8 9 10
step "Round trip time" "$QDA" ping -n 100
if [ -x "$DMABUF" ] && [ -e /dev/dma_heap/system ]; then
	step "A system-heap dma-buf checksummed by the DSP" "$DMABUF" cdsp 65536
fi

echo
if [ $failed -ne 0 ]; then
	echo "QDA demo: $failed step(s) FAILED"
	exit 1
fi
echo "QDA demo: all steps passed"
