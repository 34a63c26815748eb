#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# test-install.sh: install the built .debs on this (Debian 12) machine, check
# what they installed, build the shipped examples out of tree against the
# installed libqda-dev, then purge the packages and check that nothing is
# left. Run as root after `make packages`.
#
#   packaging/test-install.sh [--vm] [--keep]
#
#   --vm    before purging, boot the test VM (QEMU) with the DKMS-built
#           modules (build/packaging/dkms-ko): smoke test, integration
#           suite, and the out-of-tree examples against the installed libqda
#   --keep  leave the packages installed at the end (no purge checks)
#
# It never loads a module into the host kernel: DKMS builds and installs
# module files (and runs depmod) for the 6.12 kernel whose headers are in
# /usr/src/linux-headers-*-amd64; nothing here calls modprobe or insmod.
# Last line: "test-install: N passed, N failed".
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${QDA_BUILD_DIR:-$ROOT/build}
PKGS=$BUILD/packages
WORK=$BUILD/packaging/test-install
VERSION=$(tr -d ' \t\r\n' <"$ROOT/VERSION")
PACKAGES=(qda-dkms libqda1 libqda-dev qda-tools)

vm=0 keep=0
for a in "$@"; do
	case $a in
	--vm) vm=1 ;;
	--keep) keep=1 ;;
	-h|--help) sed -n '3,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "test-install: unknown argument $a" >&2; exit 2 ;;
	esac
done

passed=0 failed=0
ok()   { passed=$((passed + 1)); printf 'test-install: ok   %s\n' "$*"; }
bad()  { failed=$((failed + 1)); printf 'test-install: FAIL %s\n' "$*" >&2; }
info() { printf 'test-install: %s\n' "$*"; }
check() { # description command...
	local what=$1; shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}
finish() {
	echo "test-install: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit $?
}

[ "$(id -u)" -eq 0 ] || { echo "test-install: run as root (apt-get, dkms)" >&2; exit 2; }
debs=("$PKGS"/*.deb)
[ -e "${debs[0]}" ] || { echo "test-install: no .deb in build/packages: run make packages" >&2; exit 2; }

# The kernel DKMS should build for: the newest 6.12 amd64 headers.
hdr=$(ls -d /usr/src/linux-headers-6.12*-amd64 2>/dev/null | sort -V | tail -n1)
[ -n "$hdr" ] || { echo "test-install: no /usr/src/linux-headers-6.12*-amd64" >&2; exit 2; }
KREL=${hdr#/usr/src/linux-headers-}
MODDIR=/lib/modules/$KREL/updates/dkms
info "host kernel $(uname -r); target kernel $KREL; packages $VERSION"
grep -qs '^qda' /proc/modules && info "warning: a qda module is loaded in the host kernel (not by this script)"

purge() {
	local installed=()
	for p in "${PACKAGES[@]}" libqda1-dbgsym qda-tools-dbgsym; do
		dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' && installed+=("$p")
	done
	[ ${#installed[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "${installed[@]}"
}
cleanup() {
	# On an interrupted run, do not leave the packages behind.
	if [ "$keep" -eq 0 ] && [ -z "${purged:-}" ]; then purge >/dev/null 2>&1; fi
}
trap cleanup EXIT

rm -rf "$WORK"
mkdir -p "$WORK"

# --- 1. install ----------------------------------------------------------------
info "apt-get install ${debs[*]#$ROOT/}"
if DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${debs[@]}" >"$WORK/apt-install.log" 2>&1; then
	ok "apt-get install ./build/packages/*.deb"
else
	tail -n 30 "$WORK/apt-install.log" >&2
	bad "apt-get install ./build/packages/*.deb (log: ${WORK#$ROOT/}/apt-install.log)"
	finish
fi
grep -E -i 'dkms|Building|Installing|skipped|qda' "$WORK/apt-install.log" | grep -v '^\(Get\|Selecting\|Preparing\|Unpacking\)' | sed 's/^/    /' | head -n 20
for p in "${PACKAGES[@]}"; do
	v=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null)
	check "$p $v installed" test "${v%-*}" = "${VERSION//-/\~}"
done

# --- 2. DKMS -------------------------------------------------------------------
status() { dkms status -m qda -v "$VERSION" -k "$KREL" 2>/dev/null; }
if ! status | grep -q ': installed'; then
	info "the postinst did not build for $KREL: dkms install qda/$VERSION -k $KREL"
	dkms install "qda/$VERSION" -k "$KREL" >"$WORK/dkms-install.log" 2>&1 ||
		tail -n 30 "$WORK/dkms-install.log" >&2
fi
info "dkms status: $(status)"
check "dkms status: qda/$VERSION installed for $KREL" bash -c "dkms status -m qda -v '$VERSION' -k '$KREL' | grep -q ': installed'"

kofile() { ls "$MODDIR/$1.ko" "$MODDIR/$1.ko.xz" "$MODDIR/$1.ko.zst" "$MODDIR/$1.ko.gz" 2>/dev/null | head -n1; }
for m in qda qda_vdsp; do
	f=$(kofile $m)
	if [ -n "$f" ]; then
		ok "module file ${f}"
	else
		bad "module file $MODDIR/$m.ko*"
		continue
	fi
	# modinfo reads the file; nothing is loaded
	check "$m: vermagic is $KREL" bash -c "modinfo -F vermagic '$f' | grep -q '^$KREL '"
	v=$(modinfo -F version "$f")
	if [ "$m" = qda ] || [ -n "$v" ]; then
		check "$m: version is $VERSION" test "$v" = "$VERSION"
	else
		info "note: $m has no MODULE_VERSION"
	fi
	# Coexistence with fastrpc.ko: no alias that would autoload QDA for the
	# qcom,fastrpc DSP channels (installing changes no binding).
	if modinfo -F alias "$f" | grep -qi 'fastrpc'; then
		bad "$m: has a module alias for fastrpc devices: $(modinfo -F alias "$f" | grep -i fastrpc | tr '\n' ' ')"
	else
		ok "$m: no module alias for fastrpc devices"
	fi
done
check "modules.dep of $KREL lists qda" grep -q '^updates/dkms/qda\.ko' "/lib/modules/$KREL/modules.dep"
case $(kofile qda) in
*.ko) info "the modules are uncompressed: make vm-test KMOD_DIR=$MODDIR works as is" ;;
*) info "DKMS compressed the modules (as $KREL's modules.dep does); the VM harness wants .ko: use --vm, which decompresses them" ;;
esac

# --- 3. files and policy ----------------------------------------------------
check "/usr/src/qda-$VERSION/dkms.conf" test -f "/usr/src/qda-$VERSION/dkms.conf"
check "udev rule /lib/udev/rules.d/60-qda.rules" test -f /lib/udev/rules.d/60-qda.rules
check "udev rule: accel + qda drivers -> render 0660" \
	grep -Eq '^SUBSYSTEM=="accel".*DRIVERS=="qda.*GROUP="render", MODE="0660"' /lib/udev/rules.d/60-qda.rules
check "udev rule: render nodes of qda drivers -> render 0660" \
	grep -Eq '^SUBSYSTEM=="drm", KERNEL=="renderD.*DRIVERS=="qda.*GROUP="render", MODE="0660"' /lib/udev/rules.d/60-qda.rules
check "no active modprobe.d file installed" bash -c "! dpkg -L ${PACKAGES[*]} | grep -q '^/\(etc\|lib\|usr/lib\)/modprobe.d/'"
check "takeover example shipped (inactive)" test -f /usr/share/doc/qda-dkms/examples/qda-fastrpc-takeover.conf.example
check "qda --help" bash -c 'qda --help >/dev/null'
qda list >"$WORK/qda-list.out" 2>&1
rc=$?
check "qda list without a device exits 3 (got $rc)" test $rc -eq 3
check "pkg-config --modversion libqda = $VERSION" test "$(pkg-config --modversion libqda)" = "${VERSION%%-*}"

# --- 4. the examples, out of tree, against the installed libqda-dev --------
cp -R /usr/share/doc/libqda-dev/examples "$WORK/examples"
if make -C "$WORK/examples/standalone" >"$WORK/examples-pkgconfig.log" 2>&1 &&
   [ -x "$WORK/examples/standalone/calculator" ] && [ -x "$WORK/examples/standalone/dmabuf_share" ]; then
	ok "examples built with pkg-config (make -C examples/standalone)"
	sed 's/^/    /' "$WORK/examples-pkgconfig.log" | grep -E '^\s+(cc|gcc)' | head -n 2
else
	cat "$WORK/examples-pkgconfig.log" >&2
	bad "examples built with pkg-config"
fi
check "calculator links the installed libqda.so.1" bash -c \
	"ldd '$WORK/examples/standalone/calculator' | grep -Eq 'libqda\\.so\\.1 => (/usr)?/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/libqda\\.so\\.1'"
if cmake -S "$WORK/examples/standalone" -B "$WORK/examples-cmake" >"$WORK/examples-cmake.log" 2>&1 &&
   cmake --build "$WORK/examples-cmake" >>"$WORK/examples-cmake.log" 2>&1 &&
   [ -x "$WORK/examples-cmake/calculator" ] && [ -x "$WORK/examples-cmake/dmabuf_share" ]; then
	ok "examples built with CMake find_package(qda) ($(sed -n 's/^qda_DIR:PATH=//p' "$WORK/examples-cmake/CMakeCache.txt"))"
else
	cat "$WORK/examples-cmake.log" >&2
	bad "examples built with CMake find_package(qda)"
fi
rc=0
"$WORK/examples-cmake/calculator" >"$WORK/calculator.out" 2>&1 || rc=$?
info "calculator without a QDA device: exit $rc: $(head -n1 "$WORK/calculator.out")"

# --- 5. optional: the DKMS-built modules in the test VM --------------------
if [ "$vm" -eq 1 ]; then
	kodir=$BUILD/packaging/dkms-ko
	rm -rf "$kodir"; mkdir -p "$kodir"
	for m in qda qda_vdsp; do
		f=$(kofile $m)
		case $f in
		*.xz) xz -dc "$f" >"$kodir/$m.ko" ;;
		*.zst) zstd -qdc "$f" >"$kodir/$m.ko" ;;
		*.gz) gzip -dc "$f" >"$kodir/$m.ko" ;;
		*) cp "$f" "$kodir/$m.ko" ;;
		esac
	done
	# The smoke test and the integration suite (not the long fault, stress
	# and fuzz suites: those test the code, not how it was installed)
	info "VM with the DKMS-built modules (log: ${WORK#$ROOT/}/vm-test.log)"
	# ... and the examples built out of tree against the installed
	# libqda-dev, run with the installed libqda.so.1 and qda command
	ex1=$WORK/examples/standalone/calculator
	ex2=$WORK/examples-cmake/calculator
	ex3=$WORK/examples-cmake/dmabuf_share
	if "$ROOT/tests/vm/run.sh" --kmod-dir "$kodir" -- bash -c \
		"bash tests/vm/smoke.sh && bash tests/integration/run-all.sh &&
		 /usr/bin/qda list && $ex1 cdsp && $ex2 cdsp && $ex3 cdsp" \
		>"$WORK/vm-test.log" 2>&1; then
		ok "test VM with the DKMS-built modules: $(tr -d '\r' <"$WORK/vm-test.log" | grep -aE '^[0-9]+ passed, [0-9]+ failed$' | tail -n1)"
	else
		tail -n 20 "$WORK/vm-test.log" >&2
		bad "test VM with the DKMS-built modules"
	fi
fi

# --- 6. removal --------------------------------------------------------------
if [ "$keep" -eq 1 ]; then
	info "--keep: packages left installed"
	finish
fi
if purge >"$WORK/apt-purge.log" 2>&1; then
	ok "apt-get purge ${PACKAGES[*]}"
else
	tail -n 30 "$WORK/apt-purge.log" >&2
	bad "apt-get purge ${PACKAGES[*]}"
fi
purged=1
check "no qda module file left under /lib/modules" bash -c "! find /lib/modules -path '*/updates/dkms/qda*.ko*' | grep -q ."
check "modules.dep of $KREL no longer lists qda" bash -c "! grep -q 'updates/dkms/qda' '/lib/modules/$KREL/modules.dep'"
check "dkms status shows no qda" bash -c "! dkms status -m qda 2>/dev/null | grep -q ."
check "/var/lib/dkms/qda removed" test ! -e /var/lib/dkms/qda
check "/usr/src/qda-$VERSION removed" test ! -e "/usr/src/qda-$VERSION"
check "udev rule removed" test ! -e /lib/udev/rules.d/60-qda.rules
check "libqda removed" bash -c "! ls /usr/lib/*/libqda.so* >/dev/null 2>&1"
finish
