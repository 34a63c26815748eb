#!/usr/bin/env bash
# tests/vm/arm64.sh (host; make vm-arm64): the arm64 lane. Boots Debian's
# arm64 6.12 kernel under qemu-system-aarch64 -M virt -cpu max (TCG) with
# QEMU's own device tree plus a qcom,fastrpc node (tests/vm/arm64-dtb.sh),
# loads the cross-built qda.ko + qda_vdsp.ko (render-node flavour: that
# kernel has no DRM accel) and runs, in the arm64 userspace, the
# groundwork checks for the RPMsg provider (rpmsg_core loaded, the DT node
# visible) and the integration suite through /dev/dri/renderD*, with the
# cross-built programs of build/arm64/cmake. The vDSP is reached through
# its direct provider for now. The guest side is tests/vm/arm64-guest.sh. Last line: "N passed, N failed".
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=$ROOT/build/arm64

"$ROOT/scripts/arm64/userspace.sh" >"$ROOT/build/logs/userspace-arm64.log" 2>&1 ||
	{ tail -n 30 "$ROOT/build/logs/userspace-arm64.log"; echo "0 passed, 1 failed"; exit 1; }
if [ ! -f "$OUT/kmod/qda.ko" ] || [ ! -f "$OUT/kmod/qda_vdsp.ko" ]; then
	"$ROOT/scripts/arm64/kmod.sh" >"$ROOT/build/logs/kmod-arm64.log" 2>&1 ||
		{ tail -n 30 "$ROOT/build/logs/kmod-arm64.log"; echo "0 passed, 1 failed"; exit 1; }
fi

exec "$ROOT/tests/vm/run.sh" --arch arm64 --kmod-dir "$OUT/kmod" \
	--timeout "${QDA_VM_TIMEOUT:-1500}" --env "QDA_CMAKE_BUILD_DIR=$OUT/cmake" "$@" \
	-- bash tests/vm/arm64-guest.sh
