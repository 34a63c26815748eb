#!/usr/bin/env bash
# tests/fuzz/run.sh: the structured ioctl fuzzer, INSIDE the test VM
#   tests/vm/run.sh -- bash tests/fuzz/run.sh [-d SECONDS] [-s SEED] [-f FDS] [-n MAXOPS] [-v]
# Default: a bounded 30 s run (QDA_FUZZ_SECS overrides the default; -d 0 runs
# until -n MAXOPS, or forever).  The seed is printed; -s SEED replays a run.
# Prints "ok <name>" / "FAIL <name>: reason" per subtest, then "N passed, N failed".
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
. tests/lib/run-built.sh
qt_run_built fuzz tests/fuzz/qda-fuzz -d "${QDA_FUZZ_SECS:-30}" "$@"
