#!/usr/bin/env bash
# scripts/debug-kernel.sh: build (once) the debug kernel of `make check-debug`
# and print the directory that holds it, laid out like the cached Debian
# kernel (boot/vmlinuz-KVER, lib/modules/KVER, kver, build/ = the object
# tree to build kmod/ against).
#
# Source: Debian's linux-source-6.12 (apt-get download, never installed).
# Config: x86_64_defconfig + scripts/debug-kernel/qda-debug.config.
# Cache: $QDA_CACHE (default /var/cache/qda)/debug-kernel/<key>, outside the
# source tree so other clones and later runs reuse it; <key> hashes the
# fragment and the source package, so a changed config builds anew.
#   --check   print the directory if it is built, else exit 1 (no build)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${QDA_CACHE:-/var/cache/qda}
FRAGMENT=$ROOT/scripts/debug-kernel/qda-debug.config
SRCDIR=$CACHE/src
log() { printf 'debug-kernel: %s\n' "$*" >&2; }

deb_path() { ls "$SRCDIR"/linux-source-6.12_*.deb 2>/dev/null | sort | tail -n1; }

fetch_source() {
	mkdir -p "$SRCDIR"
	[ -n "$(deb_path)" ] && return 0
	log "fetching linux-source-6.12 (apt-get download)"
	(cd "$SRCDIR" && { apt-get download -q linux-source-6.12 >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null && apt-get download -q linux-source-6.12 >/dev/null; }; })
}

# What a kernel build needs beyond the project's usual packages
need_build_packages() {
	local p missing=()
	for p in flex bison bc libelf-dev libssl-dev kmod cpio; do
		case $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true) in
		ii*) ;;
		*) missing+=("$p") ;;
		esac
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >/dev/null ||
		{ apt-get update -q >/dev/null &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
			--no-install-recommends "${missing[@]}" >/dev/null; }
}

key_of() { { cat "$FRAGMENT"; basename "$1"; } | sha256sum | cut -c1-16; }

check_only=0
[ "${1:-}" = --check ] && check_only=1

if [ $check_only = 1 ]; then
	deb=$(deb_path)
	[ -n "$deb" ] || exit 1
	out=$CACHE/debug-kernel/$(key_of "$deb")
	[ -s "$out/kver" ] || exit 1
	echo "$out"
	exit 0
fi

fetch_source
need_build_packages
deb=$(deb_path)
out=$CACHE/debug-kernel/$(key_of "$deb")
if [ -s "$out/kver" ]; then
	echo "$out"
	exit 0
fi

exec 9>"$CACHE/debug-kernel.lock"
flock 9
if [ -s "$out/kver" ]; then
	echo "$out"
	exit 0
fi
rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)
log "unpacking $(basename "$deb")"
dpkg-deb --fsys-tarfile "$deb" | tar -x -O ./usr/src/linux-source-6.12.tar.xz |
	tar -xJ -C "$out"
mv "$out/linux-source-6.12" "$out/build"
cd "$out/build"
make -s x86_64_defconfig
scripts/kconfig/merge_config.sh -m -O . .config "$FRAGMENT" >/dev/null
make -s olddefconfig
# every option the fragment sets must have survived (dependencies)
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$FRAGMENT" | while IFS= read -r line; do
	opt=${line%%=*} val=${line#*=}
	case $val in
	n) grep -q "^$opt=" .config && echo "$line" ;;
	*) grep -qx "$opt=$val" .config || echo "$line" ;;
	esac
done)
if [ -n "$missing" ]; then
	log "options that did not take:"
	printf '%s\n' "$missing" >&2
fi
log "building ($(nproc) jobs); the log is $out/build.log"
make -j"$(nproc)" bzImage modules >"$out/build.log" 2>&1 ||
	{ tail -30 "$out/build.log" >&2; exit 1; }
kver=$(make -s kernelrelease)
make -s INSTALL_MOD_PATH="$out" modules_install >>"$out/build.log" 2>&1
mkdir -p "$out/boot"
cp arch/x86/boot/bzImage "$out/boot/vmlinuz-$kver"
depmod -b "$out" "$kver"
echo $(( $(date +%s) - start )) >"$out/build-seconds"
echo "$kver" >"$out/kver"
log "built $kver in $(cat "$out/build-seconds") s"
echo "$out"
