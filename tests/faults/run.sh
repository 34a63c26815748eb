#!/usr/bin/env bash
# tests/faults/run.sh: the vDSP fault suite, INSIDE the test VM
#   tests/vm/run.sh -- bash tests/faults/run.sh [SUBTEST...]
# Prints "ok <name>" / "FAIL <name>: reason" per subtest, then "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN=${QDA_CMAKE_BUILD:-build/cmake}/tests/faults/qda-faults
if [ ! -x "$BIN" ]; then
	echo "FAIL faults: $BIN not built (make userspace)"
	echo "0 passed, 1 failed"
	exit 1
fi
exec "$BIN" "$@"
