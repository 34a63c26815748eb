#!/usr/bin/env bash
# render-node.sh (host): the render-node flavour of qda.ko, which kernels
# without CONFIG_DRM_ACCEL get (Debian's arm64 6.12), built here with
# QDA_FORCE_RENDER_NODE and driven through libqda in the VM: the library
# must find the device under /dev/dri and everything must work the same.
# Last line: "N passed, N failed".
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KVER=${KVER:-$(cat "$ROOT/build/vm/kver")}
OUT=$ROOT/build/render-flavour

rm -rf "$OUT"
mkdir -p "$OUT"
cp -r "$ROOT/kmod" "$ROOT/include" "$OUT/"
find "$OUT/kmod" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' -o -name qda_compat_auto.h \) -delete
# QDA_RENDER_KDIR: another kernel tree to build against (make check-debug)
make -s -C "$OUT/kmod" KDIR="${QDA_RENDER_KDIR:-/usr/src/linux-headers-$KVER}" \
	KCFLAGS=-DQDA_FORCE_RENDER_NODE >"$OUT/build.log" 2>&1 ||
	{ cat "$OUT/build.log"; echo "0 passed, 1 failed"; exit 1; }

B=$ROOT/build/cmake
cat >"$OUT/in-vm.sh" <<EOS
#!/usr/bin/env bash
set -u
p=0 f=0
t() { if "\$@" >/tmp/out 2>&1; then echo "ok \$*"; p=\$((p+1)); else cat /tmp/out; echo "FAIL \$*"; f=\$((f+1)); fi; }
t test ! -e /dev/accel/accel0
t bash -c "$B/tools/qda list | grep -q '^/dev/dri/renderD.*domain cdsp'"
t $B/examples/calculator cdsp
t $B/tests/integration/itest_libqda
t $B/tests/integration/itest_smmu
t $B/tests/integration/itest_nodes
echo "\$p passed, \$f failed"
[ \$f -eq 0 ]
EOS
exec "$ROOT/tests/vm/run.sh" --kmod-dir "$OUT/kmod" -- bash "$OUT/in-vm.sh"
