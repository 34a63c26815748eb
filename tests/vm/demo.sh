#!/usr/bin/env bash
# demo.sh: what `make demo` runs INSIDE the VM: examples/run-demo.sh when it
# exists, else a short tour of the device the driver created.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [ -f examples/run-demo.sh ]; then
	exec bash examples/run-demo.sh
fi

echo "=== QDA demo (examples/run-demo.sh not written yet: showing the device)"
echo "--- loaded modules"
grep -E '^(qda|qda_vdsp|drm) ' /proc/modules | cut -d' ' -f1-3
echo "--- ls -l /dev/accel"
ls -l /dev/accel || exit 1
for n in /sys/class/accel/accel*; do
	[ -e "$n" ] || continue
	echo "--- $n"
	echo "device:  $(readlink -f "$n/device")"
	[ -e "$n/device/driver" ] && echo "driver:  $(basename "$(readlink -f "$n/device/driver")")"
	echo "dev:     $(cat "$n/dev")"
	echo "ioctl:   $(python3 tests/vm/drm-version.py "/dev/accel/$(basename "$n")")"
done
if [ -d /sys/module/qda_vdsp/parameters ]; then
	echo "--- qda_vdsp parameters"
	grep -r . /sys/module/qda_vdsp/parameters 2>/dev/null | sed 's,.*/parameters/,,'
fi
if [ -d /sys/kernel/debug/accel ]; then
	echo "--- debugfs"
	find /sys/kernel/debug/accel -maxdepth 2 | head -n 20
fi
[ -e /dev/accel/accel0 ]
