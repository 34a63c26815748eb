#!/usr/bin/env bash
# tests/stress/run.sh: the bounded stress suite, INSIDE the test VM
#   tests/vm/run.sh -- bash tests/stress/run.sh [-d SECONDS] [-p PROCS] [-t THREADS] [-s SEED] [SUBTEST...]
# Defaults: 30 s, 2 processes x 4 threads (QDA_STRESS_SECS overrides -d's default).
# Prints "ok <name>" / "FAIL <name>: reason" per subtest, then "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. tests/lib/run-built.sh
qt_run_built stress tests/stress/qda-stress -d "${QDA_STRESS_SECS:-30}" "$@"
