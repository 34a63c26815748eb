#!/usr/bin/env bash
# vm-test.sh: what `make vm-test` runs INSIDE the VM (one boot): the harness
# smoke test, then the integration suite once tests/integration/run-all.sh
# exists.  Each prints its own "N passed, N failed" line (make check adds
# them up); the exit status is non-zero if either fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

rc=0
echo "=== tests/vm/smoke.sh"
bash tests/vm/smoke.sh || rc=1
if [ -f tests/integration/run-all.sh ]; then
	echo "=== tests/integration/run-all.sh"
	bash tests/integration/run-all.sh || rc=1
else
	echo "=== tests/integration/run-all.sh: not written yet; skipped"
fi
exit $rc
