#!/usr/bin/env bash
# scripts/arm64/kmod.sh (make kmod-arm64): cross-build kmod/ (qda.ko and
# qda_vdsp.ko) with W=1 for Debian's arm64 6.12 kernel, in a copy of the
# sources at build/arm64/kmod/ (the x86 objects in kmod/ stay untouched).
# Any compiler or modpost warning fails. That kernel has no DRM_ACCEL: the
# compat probes select the render-node flavour by themselves; this script
# checks that they did.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=$ROOT/build/arm64
LOG=$ROOT/build/logs/kmod-arm64-build.log
mkdir -p "$ROOT/build/logs"

"$ROOT/scripts/arm64/bootstrap.sh"
# shellcheck disable=SC1091
. "$OUT/env"

rm -rf "$OUT/kmod" "$OUT/include"
mkdir -p "$OUT"
cp -r "$ROOT/kmod" "$ROOT/include" "$OUT/"
find "$OUT/kmod" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod' \
	-o -name '*.mod.c' -o -name 'modules.order' -o -name 'Module.symvers' \
	-o -name qda_compat_auto.h \) -delete

export ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-
t0=$(date +%s)
set +e
make -C "$OUT/kmod" KDIR="$QDA_ARM64_KDIR" W=1 -j2 >"$LOG" 2>&1
rc=$?
set -e
cat "$LOG"
if [ $rc -ne 0 ]; then
	echo "kmod-arm64: FAILED: build error (log: build/logs/kmod-arm64-build.log)" >&2
	exit 1
fi
if grep -inE 'warning:' "$LOG" >"$ROOT/build/logs/kmod-arm64-warnings.log"; then
	echo "kmod-arm64: FAILED: $(wc -l <"$ROOT/build/logs/kmod-arm64-warnings.log") warning(s) with W=1:" >&2
	cat "$ROOT/build/logs/kmod-arm64-warnings.log" >&2
	exit 1
fi
for m in qda qda_vdsp; do
	ko=$OUT/kmod/$m.ko
	[ -f "$ko" ] || { echo "kmod-arm64: FAILED: $m.ko not built" >&2; exit 1; }
	file -b "$ko" | grep -q 'ARM aarch64' ||
		{ echo "kmod-arm64: FAILED: $m.ko is not an aarch64 object: $(file -b "$ko")" >&2; exit 1; }
	vm=$(modinfo -F vermagic "$ko")
	case $vm in
	"$QDA_ARM64_KVER "*) ;;
	*) echo "kmod-arm64: FAILED: $m.ko vermagic '$vm', kernel $QDA_ARM64_KVER" >&2; exit 1 ;;
	esac
done
# The flavour: no accel in that kernel, so the render node, chosen by the
# probes (no QDA_FORCE_RENDER_NODE here)
if grep -q '^CONFIG_DRM_ACCEL=y' "$QDA_ARM64_KDIR/.config"; then
	flavour=accel
else
	flavour=render
	if aarch64-linux-gnu-nm "$OUT/kmod/qda.ko" | grep -q 'accel_'; then
		echo "kmod-arm64: FAILED: qda.ko references accel symbols on a kernel without DRM_ACCEL" >&2
		exit 1
	fi
fi
echo "kmod-arm64: qda.ko and qda_vdsp.ko built warning-free with W=1 for $QDA_ARM64_KVER ($flavour-node flavour) in $(( $(date +%s) - t0 )) s"
