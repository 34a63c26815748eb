#!/usr/bin/env bash
# tests/vm/run.sh: run a command (or a shell) in the QDA test VM.
#
#   tests/vm/run.sh [options] -- CMD [ARG...]     run CMD, exit with its status
#   tests/vm/run.sh [options] --shell             interactive shell in the VM
#
# The VM boots Debian's 6.12 kernel (cached by scripts/bootstrap.sh) under
# QEMU/TCG with a busybox initramfs, mounts the host's root read-only over 9p
# and chroots into it, so host-built binaries run unchanged at the same paths
# (cwd: the project root, or --cwd).  /tmp, /run, /var/tmp and /dev/shm are
# fresh tmpfs in the guest: files under the host's /tmp are NOT visible.
# Before the command, kmod/qda.ko and kmod/qda_vdsp.ko (if built) are copied
# into the run directory and loaded; after it they are unloaded again.
# kmod/qda_kunit.ko (KUnit kernels only) is copied too, not loaded.
#
# CMD is an argument vector (no shell); use  -- bash -c '...'  for a shell line.
#
# The run fails (non-zero) if the command fails, the guest crashes or times
# out, a module cannot be (un)loaded, or the kernel log shows a WARNING, BUG,
# Oops, KFENCE/slub report, lockup, panic... (see scan-klog.sh).
#
# Options (environment variable in brackets):
#   --arch A           x86_64 (default) or arm64 [QDA_VM_ARCH]: arm64 boots
#                      Debian's arm64 kernel with qemu-system-aarch64 -M virt
#                      -cpu max (TCG) and a device tree with a qcom,fastrpc
#                      node (tests/vm/arm64-dtb.sh); the modules come from
#                      build/arm64/kmod and the command runs in the arm64
#                      userspace of scripts/arm64/bootstrap.sh with the
#                      project mounted at its host path (see tests/vm/init)
#   --timeout S        kill the guest after S seconds [QDA_VM_TIMEOUT, 600; 0 = none]
#   --shell            interactive shell instead of a command (no timeout)
#   --kmod-dir DIR     where qda.ko / qda_vdsp.ko are taken from [QDA_KMOD_DIR, kmod/]
#   --no-modules       load none of our modules
#   --no-unload        leave our modules loaded at the end (no rmmod check)
#   --qda-args ARGS    module parameters for qda.ko [QDA_ARGS]
#   --vdsp-args ARGS   module parameters for qda_vdsp.ko [VDSP_ARGS]
#   --cwd DIR          working directory of the command (default: project root)
#   --env VAR=VALUE    pass a variable to the command (repeatable)
#   --no-panic-on-warn do not set panic_on_warn=1 (the log scan still fails the run)
#   --no-mm-debug      boot without slub_debug and KFENCE (for benchmarks: slub
#                      user tracking walks the stack at every allocation)
#   --append ARGS      extra kernel command line [QDA_VM_APPEND]
#   --mem MB / --smp N [QDA_VM_MEM 1536, QDA_VM_SMP 2]
#   [QDA_VM_KERNEL_DIR] boot that kernel (boot/vmlinuz-KVER, lib/modules/KVER,
#                      kver) instead of the cached Debian one
#   [QDA_VM_BIOS]      firmware for -bios (default qboot.rom; empty: SeaBIOS)
#   [QDA_VM_KLOG_IGNORE] regex of kernel log lines not to count as problems
#   -q, --quiet        do not stream the console to the terminal (still logged)
#
# Logs: build/vm/runs/<id>/{console.log,dmesg.log,report.log}; build/vm/last -> latest.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${QDA_BUILD_DIR:-$ROOT/build}
VMDIR=$BUILD/vm

die() { printf 'QDA-VM: error: %s\n' "$*" >&2; exit 2; }
msg() { printf 'QDA-VM: %s\n' "$*" >&2; }

timeout_s=${QDA_VM_TIMEOUT:-600}
mode=cmd
kmod_dir=${QDA_KMOD_DIR:-$ROOT/kmod}
load_modules=1
unload=1
qda_args=${QDA_ARGS:-}
vdsp_args=${VDSP_ARGS:-}
cwd=$ROOT
envs=()
panic_on_warn=1
mm_debug=1
append_extra=${QDA_VM_APPEND:-}
mem=${QDA_VM_MEM:-1536}
smp=${QDA_VM_SMP:-2}
quiet=0
timeout_given=0
arch=${QDA_VM_ARCH:-x86_64}
kmod_dir_given=
[ -n "${QDA_KMOD_DIR:-}" ] && kmod_dir_given=1

while [ $# -gt 0 ]; do
	case $1 in
	--timeout) timeout_s=$2; timeout_given=1; shift 2 ;;
	--timeout=*) timeout_s=${1#*=}; timeout_given=1; shift ;;
	--shell) mode=shell; shift ;;
	--kmod-dir) kmod_dir=$2; kmod_dir_given=1; shift 2 ;;
	--arch) arch=$2; shift 2 ;;
	--arch=*) arch=${1#*=}; shift ;;
	--no-modules) load_modules=0; shift ;;
	--no-unload) unload=0; shift ;;
	--qda-args) qda_args=$2; shift 2 ;;
	--vdsp-args) vdsp_args=$2; shift 2 ;;
	--cwd) cwd=$2; shift 2 ;;
	--env) envs+=("$2"); shift 2 ;;
	--no-panic-on-warn) panic_on_warn=0; shift ;;
	--no-mm-debug) mm_debug=0; shift ;;
	--append) append_extra="$append_extra $2"; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	-q | --quiet) quiet=1; shift ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	*) die "unknown option $1 (try --help)" ;;
	esac
done
if [ $mode = cmd ] && [ $# -eq 0 ]; then
	die "no command given: tests/vm/run.sh [options] -- CMD [ARG...]  (or --shell)"
fi
if [ $mode = shell ] && [ $timeout_given = 0 ]; then
	timeout_s=0
fi
case $cwd in /*) ;; *) cwd=$(cd "$cwd" && pwd) ;; esac

# --- kernel --------------------------------------------------------------------
# QDA_VM_KERNEL_DIR: another kernel laid out the same way (boot/, lib/modules/,
# kver), e.g. the debug kernel of scripts/debug-kernel.sh
rootfs=
busybox=/bin/busybox
case $arch in
x86_64 | amd64) arch=x86_64 ;;
arm64 | aarch64)
	arch=arm64
	[ -s "$BUILD/arm64/env" ] || die "no $BUILD/arm64/env: run 'make kmod-arm64' (scripts/arm64/bootstrap.sh)"
	# shellcheck disable=SC1091
	. "$BUILD/arm64/env"
	VMDIR=$BUILD/arm64/vm
	[ -n "$kmod_dir_given" ] || kmod_dir=$BUILD/arm64/kmod
	rootfs=$QDA_ARM64_ROOTFS
	busybox=$rootfs/bin/busybox
	[ -x "$busybox" ] || die "$busybox missing: run scripts/arm64/bootstrap.sh"
	;;
*) die "unknown --arch $arch (x86_64 or arm64)" ;;
esac
if [ $arch = arm64 ]; then
	KCACHE=$QDA_ARM64_KERNEL
	KVER=$QDA_ARM64_KVER
elif [ -n "${QDA_VM_KERNEL_DIR:-}" ]; then
	KCACHE=$QDA_VM_KERNEL_DIR
	[ -s "$KCACHE/kver" ] || die "$KCACHE/kver missing: not a kernel directory"
	KVER=$(cat "$KCACHE/kver")
else
	[ -s "$VMDIR/kver" ] || die "no VM kernel cached ($VMDIR/kver missing): run 'make bootstrap'"
	KVER=$(cat "$VMDIR/kver")
	KCACHE=$VMDIR/kernel
fi
VMLINUZ=$KCACHE/boot/vmlinuz-$KVER
[ -r "$VMLINUZ" ] || die "$VMLINUZ missing: run 'make bootstrap'"
if [ $arch = arm64 ]; then
	command -v qemu-system-aarch64 >/dev/null || die "qemu-system-aarch64 missing: run scripts/arm64/bootstrap.sh"
else
	command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing: run 'make bootstrap'"
fi

# --- our modules ---------------------------------------------------------------
ours=()
if [ $load_modules = 1 ]; then
	for m in qda qda_vdsp; do
		[ -f "$kmod_dir/$m.ko" ] && ours+=("$kmod_dir/$m.ko")
	done
	if [ ${#ours[@]} -eq 0 ]; then
		msg "note: no $kmod_dir/qda.ko (build it with 'make kmod'); running without our modules"
	fi
fi

# kernel modules for the initramfs: 9p for the host root, vgem as a foreign
# PRIME exporter for tests, and whatever our modules depend on
want=(netfs 9pnet 9pnet_virtio 9p drm vgem)
# arm64: the RPMsg core, groundwork for the RPMsg provider
[ $arch = arm64 ] && want+=(rpmsg_core)
for ko in "${ours[@]}"; do
	for d in $(modinfo -F depends "$ko" 2>/dev/null | tr ',' ' '); do
		case ${d//-/_} in qda | qda_vdsp) ;; *) want+=("$d") ;; esac
	done
done
mapfile -t want < <(printf '%s\n' "${want[@]}" | tr - _ | sort -u)

key=$( {
	cat "$HERE/init" "$HERE/mkinitramfs.sh"
	echo "$KVER"
	printf '%s\n' "${want[@]}"
	stat -L -c '%s %Y' "$busybox"
} | sha256sum | cut -c1-16)
INITRD=$VMDIR/initramfs/initramfs-$key.cpio
mkdir -p "$VMDIR/initramfs" "$VMDIR/runs"
if [ ! -s "$INITRD" ]; then
	(
		flock 9
		if [ ! -s "$INITRD" ]; then
			BUSYBOX=$busybox "$HERE/mkinitramfs.sh" "$KCACHE" "$KVER" "$INITRD" "${want[@]}" >&2
			# keep the few most recent images
			ls -1t "$VMDIR"/initramfs/initramfs-*.cpio | tail -n +6 | xargs -r rm -f
		fi
	) 9>"$VMDIR/initramfs/.lock"
fi

# --- the run directory (read by the guest's /init over 9p) ---------------------
id=$(date +%Y%m%d-%H%M%S)-$$
RUN=$VMDIR/runs/$id
mkdir -p "$RUN/ko"
ln -sfn "runs/$id" "$VMDIR/last"
# prune old runs: keep the newest 30, and anything younger than 3 hours
# (another run of the same tree may still be using it)
ls -1d "$VMDIR"/runs/*/ 2>/dev/null | sort | head -n -30 |
	while read -r d; do
		if [ -n "$(find "$d" -maxdepth 0 -mmin +180)" ]; then rm -rf "$d"; fi
	done || true

{
	echo "QDA_VM_MODE=$mode"
	echo "QDA_VM_UNLOAD=$unload"
	# arm64: the command's root is this userspace with the project bound in
	if [ -n "$rootfs" ]; then
		echo "QDA_VM_ROOTFS=$rootfs"
		echo "QDA_VM_PROJECT=$ROOT"
	fi
} >"$RUN/settings"

: >"$RUN/modules"
for ko in "${ours[@]}"; do
	b=$(basename "$ko" .ko)
	cp "$ko" "$RUN/ko/$b.ko"
	args=
	case $b in
	qda) args=$qda_args ;;
	qda_vdsp) args=$vdsp_args ;;
	esac
	echo "$RUN/ko/$b.ko $args" >>"$RUN/modules"
done
# The KUnit test module, where it was built (a kernel with KUnit): copied
# for tests/vm/kunit.sh to load, not loaded here
if [ $load_modules = 1 ] && [ -f "$kmod_dir/qda_kunit.ko" ]; then
	cp "$kmod_dir/qda_kunit.ko" "$RUN/ko/qda_kunit.ko"
fi

{
	echo '#!/bin/bash'
	echo '# generated by tests/vm/run.sh; runs chrooted into the host root in the VM'
	echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
	echo 'export HOME=/tmp/home LANG=C.UTF-8 QDA_IN_VM=1'
	printf 'export TERM=%q QDA_ROOT=%q QDA_VM_RUN=%q\n' "${TERM:-linux}" "$ROOT" "$RUN"
	echo 'mkdir -p "$HOME"'
	for e in "${envs[@]}"; do
		printf 'export %q\n' "$e"
	done
	printf 'cd %q || exit 126\n' "$cwd"
	if [ $mode = shell ]; then
		echo "echo 'QDA VM shell: host root read-only, /tmp is tmpfs; exit or Ctrl-D powers off.'"
		echo "export PS1='qda-vm:\\w# '"
		echo 'exec /bin/bash --norc -i'
	else
		printf 'exec'
		printf ' %q' "$@"
		printf '\n'
	fi
} >"$RUN/cmd.sh"

# --- QEMU ----------------------------------------------------------------------
# qboot (shipped with qemu-system-x86) boots a -kernel faster than SeaBIOS and
# does not clear the terminal; QDA_VM_BIOS= (empty) selects QEMU's default.
if [ -z "${QDA_VM_BIOS+set}" ] && [ -r /usr/share/qemu/qboot.rom ]; then
	QDA_VM_BIOS=/usr/share/qemu/qboot.rom
fi
append="console=ttyS0 edd=off printk.time=1 loglevel=5 panic=-1 oops=panic"
append+=" mitigations=off"
[ $mm_debug = 1 ] && append+=" slub_debug=FZPU kfence.sample_interval=10"
[ $panic_on_warn = 1 ] && append+=" panic_on_warn=1"
append+=" qda.run=$RUN $append_extra"

if [ $mode = shell ]; then
	serial0=mon:stdio
else
	serial0=stdio
fi
if [ $arch = arm64 ]; then
	# virt has one UART (the console); the report channel is a virtio
	# console, /dev/hvc0 in the guest
	append=${append/console=ttyS0 edd=off/console=ttyAMA0}
	append+=" qda.report=/dev/hvc0"
	DTB=$("$HERE/arm64-dtb.sh" --smp "$smp" --mem "$mem" --out "$VMDIR/dtb")
	qemu=(qemu-system-aarch64 -machine virt -cpu max -smp "$smp" -m "$mem"
		-nographic -no-reboot -nodefaults -dtb "$DTB"
		-kernel "$VMLINUZ" -initrd "$INITRD" -append "$append"
		-serial "$serial0"
		-device virtio-serial-pci -chardev "file,id=qdareport,path=$RUN/report.log"
		-device "virtconsole,chardev=qdareport"
		-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap")
else
qemu=(qemu-system-x86_64 -machine q35 -cpu max -smp "$smp" -m "$mem" ${QDA_VM_BIOS:+-bios "$QDA_VM_BIOS"}
	-nographic -no-reboot -nodefaults
	-kernel "$VMLINUZ" -initrd "$INITRD" -append "$append"
	-serial "$serial0" -serial "file:$RUN/report.log"
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap")
fi
if [ "$timeout_s" != 0 ]; then
	qemu=(timeout -k 10 "$timeout_s" "${qemu[@]}")
fi

msg "$arch kernel $KVER, run dir ${RUN#"$ROOT"/}${ours[*]:+, modules: ${ours[*]##*/}}"
start=$(date +%s.%N)
set +e
if [ $mode = shell ]; then
	"${qemu[@]}" 2>&1 | tee "$RUN/console.log"
	qrc=${PIPESTATUS[0]}
elif [ $quiet = 1 ]; then
	"${qemu[@]}" </dev/null >"$RUN/console.log" 2>&1
	qrc=$?
else
	"${qemu[@]}" </dev/null 2>&1 | tee "$RUN/console.log"
	qrc=${PIPESTATUS[0]}
fi
set -e
end=$(date +%s.%N)
wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')

# --- verdict -------------------------------------------------------------------
# report.log (ttyS1): "QDA-VM-<KEY>=<value>" lines, then the guest's dmesg
report=$(tr -d '\r' <"$RUN/report.log" 2>/dev/null || true)
awk '/^QDA-VM-DMESG-BEGIN/ { on = 1; next } /^QDA-VM-DMESG-END/ { on = 0 } on' \
	<<<"$report" >"$RUN/dmesg.log"
field() { # KEY -> its values (before the dmesg part), space-separated
	awk -v k="QDA-VM-$1=" '/^QDA-VM-DMESG-BEGIN/ { exit }
		index($0, k) == 1 { printf "%s ", substr($0, length(k) + 1) }' <<<"$report"
}
rc=$(field EXIT | awk '{ print $1 }')
taint=$(field TAINT | awk '{ print $1 }')
uptime=$(field UPTIME | awk '{ print $1 }')
rmmod_failed=$(field RMMOD-FAILED)
insmod_failed=$(field INSMOD-FAILED)

fail=()
if [ -n "$insmod_failed" ]; then
	fail+=("insmod failed for: $insmod_failed(the command was not run; see the console log / dmesg)")
fi
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	fail+=("timeout: guest killed after ${timeout_s}s")
elif [ -z "$rc" ]; then
	fail+=("the guest did not report an exit status (kernel panic or crash; QEMU status $qrc)")
fi
if [ -n "$rmmod_failed" ]; then
	fail+=("rmmod failed for: $rmmod_failed(leaked reference or broken remove)")
fi
# taint flags that mean trouble: B bad page (32), D died/oops (128),
# W warning (512), L soft lockup (16384)
if [ -n "$taint" ] && [ $((taint & (32 | 128 | 512 | 16384))) -ne 0 ]; then
	fail+=("kernel tainted $taint (B/D/W/L flag set)")
fi
set +e
problems=$({
	"$HERE/scan-klog.sh" "$RUN/dmesg.log"
	"$HERE/scan-klog.sh" --console "$RUN/console.log"
} | awk '{ k = $0; sub(/^.*\] /, "", k) } !seen[k]++')
set -e
if [ -n "$problems" ]; then
	fail+=("the kernel log shows problems:")
fi

if [ ${#fail[@]} -eq 0 ]; then
	msg "command exit status $rc; kernel log clean; guest uptime ${uptime:-?}s, wall ${wall}s (log: ${RUN#"$ROOT"/}/console.log)"
	exit "$rc"
fi
{
	echo
	for f in "${fail[@]}"; do
		echo "QDA-VM: FAIL: $f"
	done
	if [ -n "$problems" ]; then
		printf '%s\n' "$problems" | head -n 40 | sed 's/^/QDA-VM:   /'
	fi
	echo "QDA-VM: command exit status ${rc:-none}; wall ${wall}s; logs in ${RUN#"$ROOT"/}/"
} >&2
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	exit 124
fi
if [ -n "$rc" ] && [ "$rc" != 0 ]; then
	exit "$rc"
fi
exit 1
