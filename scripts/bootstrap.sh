#!/usr/bin/env bash
# bootstrap.sh: install what QDA's build and test harness needs, and cache the
# Debian 6.12 kernel image (with its modules) that the test VM boots.
#
# Idempotent and quick when everything is already present: dpkg-query is asked
# first, and apt-get is only run for packages that are missing.  The kernel is
# unpacked with dpkg-deb into build/vm/kernel/ -- it is never installed as the
# host's kernel.
#
# Outputs:
#   build/vm/kernel/<root of the image package>   (boot/vmlinuz-*, lib/modules/*)
#   build/vm/kver                                  (kernel release, e.g. 6.12.117+deb12-amd64)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${QDA_BUILD_DIR:-$ROOT/build}
VMDIR=$BUILD/vm
KCACHE=$VMDIR/kernel

PACKAGES=(
	build-essential cmake pkg-config libdrm-dev libcmocka-dev dkms
	linux-headers-6.12-amd64 qemu-system-x86 busybox-static cpio
	xz-utils zstd kmod python3 file
)

log() { printf 'bootstrap: %s\n' "$*"; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		die "need root to run: $*"
	fi
}

# --- 1. packages -----------------------------------------------------------
missing=()
for p in "${PACKAGES[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case $st in
	ii*) ;;
	*) missing+=("$p") ;;
	esac
done

if [ ${#missing[@]} -gt 0 ]; then
	log "installing: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	as_root apt-get update -q
	as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
else
	log "all ${#PACKAGES[@]} packages present"
fi

# --- 2. kernel release of the installed headers ----------------------------
kver=
for d in /usr/src/linux-headers-6.12*-amd64; do
	[ -d "$d" ] || continue
	v=${d#/usr/src/linux-headers-}
	# keep the highest version if several are installed
	if [ -z "$kver" ] || dpkg --compare-versions "$v" gt "$kver"; then
		kver=$v
	fi
done
[ -n "$kver" ] || die "no /usr/src/linux-headers-6.12*-amd64 after install"

# --- 3. the VM kernel (image + modules), unpacked, not installed ------------
mkdir -p "$VMDIR"
stamp=$KCACHE/.unpacked-$kver
if [ -f "$stamp" ] && [ -e "$KCACHE/boot/vmlinuz-$kver" ] &&
	[ -s "$KCACHE/lib/modules/$kver/modules.dep" ]; then
	log "VM kernel $kver cached in ${KCACHE#"$ROOT"/}"
else
	dl=$VMDIR/download
	rm -rf "$dl" "$KCACHE"
	mkdir -p "$dl" "$KCACHE"
	# apt-get download runs as the _apt user when root; make the dir usable
	chmod 0777 "$dl"
	got=
	for pkg in "linux-image-$kver-unsigned" "linux-image-$kver"; do
		if (cd "$dl" && apt-get download -q "$pkg") >"$dl/apt.log" 2>&1; then
			got=$pkg
			break
		fi
	done
	if [ -z "$got" ]; then
		# the package lists may simply be stale or absent
		log "refreshing package lists to find linux-image-$kver"
		as_root apt-get update -q
		for pkg in "linux-image-$kver-unsigned" "linux-image-$kver"; do
			if (cd "$dl" && apt-get download -q "$pkg") >"$dl/apt.log" 2>&1; then
				got=$pkg
				break
			fi
		done
	fi
	[ -n "$got" ] || { cat "$dl/apt.log" >&2; die "cannot download linux-image-$kver(-unsigned)"; }
	deb=$(ls "$dl"/*.deb)
	log "unpacking $(basename "$deb") into ${KCACHE#"$ROOT"/}"
	dpkg-deb -x "$deb" "$KCACHE"
	[ -e "$KCACHE/boot/vmlinuz-$kver" ] || die "no boot/vmlinuz-$kver in $got"
	rm -rf "$dl"
	# the package ships no modules.dep (depmod runs at install time)
	log "generating modules.dep for the VM kernel"
	depmod -b "$KCACHE" "$kver"
	touch "$stamp"
fi

printf '%s\n' "$kver" >"$VMDIR/kver.tmp"
if ! cmp -s "$VMDIR/kver.tmp" "$VMDIR/kver" 2>/dev/null; then
	mv "$VMDIR/kver.tmp" "$VMDIR/kver"
else
	rm -f "$VMDIR/kver.tmp"
fi
log "KVER=$kver"
