#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# lifecycle.sh (in the VM): qda.ko cannot be unloaded while an open file,
# a CPU mapping or an exported dma-buf of one of its devices is alive,
# even after the DSP provider is gone; once they are closed it can. The
# modules are loaded again at the end, with the harness's parameters.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HOLDER=${QDA_CMAKE_BUILD_DIR:-$ROOT/build/cmake}/tests/integration/itest_holder
KO=${QDA_VM_RUN:?run inside the VM harness}/ko

passed=0
failed=0
ok() { echo "ok $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

# The parameters the harness loaded each module with ("path args" lines)
args_of() {
	sed -n "s|^[^ ]*/$1\.ko *||p" "$QDA_VM_RUN/modules" 2>/dev/null | head -n1
}

reload() {
	lsmod | grep -q '^qda ' || insmod "$KO/qda.ko" $(args_of qda)
	lsmod | grep -q '^qda_vdsp ' || insmod "$KO/qda_vdsp.ko" $(args_of qda_vdsp)
	for _ in $(seq 1 50); do
		[ -e /dev/accel/accel0 ] && return 0
		# the render-node flavour: a DRM device named qda
		grep -qs '^qda ' /sys/kernel/debug/dri/*/name && return 0
		sleep 0.1
	done
	return 1
}

for mode in fd mmap dmabuf; do
	reload || { fail "$mode-reload" "device did not come back"; continue; }
	coproc H { exec "$HOLDER" "$mode"; }
	read -r -t 30 line <&"${H[0]}"
	if [ "${line:-}" != ready ]; then
		fail "$mode-holder" "holder did not start"
		continue
	fi
	# The provider may go (the device is unplugged under the holder) ...
	if rmmod qda_vdsp; then ok "$mode-provider-unloads"; else fail "$mode-provider-unloads" "rmmod qda_vdsp failed"; fi
	# ... but not the core while the holder's reference lives
	if rmmod qda 2>/dev/null; then
		fail "$mode-core-pinned" "rmmod qda succeeded with a $mode alive"
	else
		ok "$mode-core-pinned"
	fi
	exec {H[1]}>&-
	wait "$H_PID"
	rc=$?
	[ $rc -eq 0 ] && ok "$mode-holder-exits-clean" || fail "$mode-holder-exits-clean" "status $rc"
	if rmmod qda; then ok "$mode-core-unloads-after"; else fail "$mode-core-unloads-after" "rmmod qda refused"; fi
done
# The vDSP's domains= takes the names of the driver's one domain table
# (qda_domain_id()): anything else, or a name twice, refuses the load
has_domain() { # name: a qda device of the vDSP's domain NAME exists
	grep -qs "qda-vdsp-$1" /sys/kernel/debug/accel/*/name /sys/kernel/debug/dri/*/name
}
reload || fail "domains-reload" "device did not come back"
args=$(args_of qda_vdsp | sed -E 's/(^| )domains=[^ ]*//g')
rmmod qda_vdsp
for bad in bogus cdsp,cdsp CDSP ,; do
	# shellcheck disable=SC2086 # the harness's parameters, one word each
	if insmod "$KO/qda_vdsp.ko" $args "domains=$bad" 2>/dev/null; then
		fail "domains-refuse-$bad" "loaded"
		rmmod qda_vdsp
	else
		ok "domains-refuse-$bad"
	fi
done
# shellcheck disable=SC2086
if insmod "$KO/qda_vdsp.ko" $args domains=gdsp1,adsp; then
	for _ in $(seq 1 50); do
		has_domain gdsp1 && has_domain adsp && break
		sleep 0.1
	done
	if has_domain gdsp1 && has_domain adsp && ! has_domain cdsp; then
		ok "domains-two"
	else
		fail "domains-two" "devices: $(cat /sys/kernel/debug/accel/*/name /sys/kernel/debug/dri/*/name 2>/dev/null | tr '\n' ' ')"
	fi
	rmmod qda_vdsp
else
	fail "domains-two" "insmod domains=gdsp1,adsp refused"
fi
reload || fail "final-reload" "device did not come back"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
