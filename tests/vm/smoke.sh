#!/usr/bin/env bash
# smoke.sh: first VM test -- runs INSIDE the test VM (tests/vm/run.sh), after
# the harness has loaded qda.ko (and qda_vdsp.ko if built).
# Prints one line per subtest and a final "N passed, N failed".
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

pass=0 fail=0
ok() { echo "ok - $1"; pass=$((pass + 1)); }
nok() { echo "FAIL - $1${2:+: $2}"; fail=$((fail + 1)); }
check() { # check NAME CMD...
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$name"; else nok "$name" "$(echo "$out" | tail -n 3 | tr '\n' ' ')"; fi
}

if [ "${QDA_IN_VM:-}" != 1 ]; then
	echo "smoke.sh runs inside the test VM: tests/vm/run.sh -- bash tests/vm/smoke.sh" >&2
	exit 2
fi

echo "# smoke: kernel $(uname -r)"
check "qda module loaded" test -d /sys/module/qda
check "/dev/accel/accel0 is a character device" test -c /dev/accel/accel0
check "accel0 has the accel major (261)" \
	bash -c '[ "$(stat -c %t /dev/accel/accel0)" = 105 ]'
check "accel0 is bound to a driver" test -e /sys/class/accel/accel0/device/driver
check "open /dev/accel/accel0 O_RDWR + DRM_IOCTL_VERSION" \
	python3 "$HERE/drm-version.py" /dev/accel/accel0
check "driver name is qda" \
	bash -c "python3 '$HERE/drm-version.py' /dev/accel/accel0 | grep -q '^name=qda '"
check "debugfs mounted" bash -c 'grep -q " /sys/kernel/debug debugfs " /proc/mounts'
# a module on Debian's kernel, built in on the check-debug one
check "vgem available as a foreign PRIME exporter" \
	bash -c 'test -d /sys/module/vgem || test -d /sys/devices/platform/vgem'
if [ -e "$QDA_VM_RUN/ko/qda_vdsp.ko" ]; then
	check "qda_vdsp module loaded" test -d /sys/module/qda_vdsp
fi
python3 "$HERE/drm-version.py" /dev/accel/accel0 | sed 's/^/# /'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
