#!/usr/bin/env bash
# tests/faults/run.sh: the vDSP fault suite, INSIDE the test VM
#   tests/vm/run.sh -- bash tests/faults/run.sh [SUBTEST...]
# Prints "ok <name>" / "FAIL <name>: reason" per subtest, then "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. tests/lib/run-built.sh
qt_run_built faults tests/faults/qda-faults "$@"
