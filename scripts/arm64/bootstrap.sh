#!/usr/bin/env bash
# scripts/arm64/bootstrap.sh: everything the arm64 lanes need, fetched and
# prepared once, idempotently, and cached outside the clone.
#
#   host packages   gcc-aarch64-linux-gnu, qemu-system-arm, device-tree-compiler
#                   (+ the kernel build tools), from the machine's own sources
#   arm64 .debs     with `apt-get download` through a private APT
#                   configuration (its own sources list, package lists, dpkg
#                   status and architecture): the machine's apt setup and dpkg
#                   architectures are never changed
#   kernel          linux-image-<rel>-arm64 unpacked (not installed) with a
#                   generated modules.dep, for the VM; <rel> is the release of
#                   the amd64 kernel the x86 lane uses when arm64 has it
#   build tree      Debian's linux-source-6.12 configured with that image's
#                   config, `olddefconfig modules_prepare` for arm64, plus the
#                   headers package's Module.symvers: what kmod/ builds against
#   sysroot         libdrm-dev/libdrm2 (arm64) for the userspace cross-build
#   rootfs          a minimal arm64 userspace for the guest (libc6, bash,
#                   coreutils, grep, sed, libdrm2, busybox for the rest)
#
# Cache: $QDA_CACHE (default /var/cache/qda)/arm64/, keyed by the kernel
# release and the package versions. Output: build/arm64/env, sourceable
# (QDA_ARM64_KVER, _KDIR, _KERNEL, _SYSROOT, _ROOTFS, _BUSYBOX).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${QDA_BUILD_DIR:-$ROOT/build}
CACHE=${QDA_CACHE:-/var/cache/qda}
A=$CACHE/arm64
SRCDIR=$CACHE/src
CROSS=aarch64-linux-gnu-

log() { printf 'arm64-bootstrap: %s\n' "$*" >&2; }
die() { printf 'arm64-bootstrap: error: %s\n' "$*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "run as root (apt-get install, /var/cache/qda)"

mkdir -p "$A" "$SRCDIR" "$BUILD/arm64"
exec 9>"$A/.lock"
flock 9

# --- 1. host packages ----------------------------------------------------------
HOST_PACKAGES=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm device-tree-compiler
	flex bison bc libelf-dev libssl-dev cpio xz-utils kmod cmake pkg-config)
missing=()
for p in "${HOST_PACKAGES[@]}"; do
	case $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true) in
	ii*) ;;
	*) missing+=("$p") ;;
	esac
done
if [ ${#missing[@]} -gt 0 ]; then
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null &&
		  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# --- 2. the private APT configuration for arm64 ----------------------------------
P=$A/apt
mkdir -p "$P/lists/partial" "$P/archives/partial" "$P/etc/preferences.d" "$P/etc/apt.conf.d"
: >>"$P/status"
cat >"$P/etc/sources.list" <<'EOF'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-updates main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
EOF
APT_OPTS=(
	-o "APT::Architecture=arm64" -o "APT::Architectures::=arm64"
	-o "Dir::Etc::SourceList=$P/etc/sources.list" -o "Dir::Etc::SourceParts=$P/etc/none.d"
	-o "Dir::Etc::Parts=$P/etc/apt.conf.d" -o "Dir::Etc::PreferencesParts=$P/etc/preferences.d"
	-o "Dir::State::Lists=$P/lists" -o "Dir::State::status=$P/status"
	-o "Dir::Cache=$P/cache" -o "Dir::Cache::archives=$P/archives"
	-o "Debug::NoLocking=1" -o "APT::Sandbox::User=root" -q
)
papt() { apt-get "${APT_OPTS[@]}" "$@"; }
pcache() { apt-cache "${APT_OPTS[@]}" "$@"; }
mkdir -p "$P/cache"
# refresh the lists once a day (and when absent)
if [ -z "$(find "$P/lists" -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n1)" ]; then
	log "updating the private arm64 package lists"
	papt update >"$P/update.log" 2>&1 || { cat "$P/update.log" >&2; die "apt-get update (arm64) failed"; }
fi

# download PKG...: into $A/debs (cached by file name, which carries the version)
DEBS=$A/debs
mkdir -p "$DEBS"
declare -A CANDIDATE
candidates() { # PKG... -> CANDIDATE[pkg]=version, one apt-cache run for all
	local pkg ver
	while read -r pkg ver; do
		CANDIDATE[$pkg]=$ver
	done < <(pcache policy "$@" 2>/dev/null |
		awk '/^[^ ].*:$/ { p = $1; sub(/:.*/, "", p) } /^  Candidate:/ { print p, $2 }')
}
deb_of() { # package -> cached .deb path of its candidate version (downloads it)
	local pkg=$1 ver f
	[ -n "${CANDIDATE[$pkg]:-}" ] || candidates "$pkg"
	ver=${CANDIDATE[$pkg]:-}
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || die "no arm64 package $pkg"
	f=$(ls "$DEBS/${pkg}_${ver//:/%3a}_"*.deb 2>/dev/null | head -n1 || true)
	if [ -z "$f" ]; then
		(cd "$DEBS" && papt download "$pkg=$ver" >/dev/null 2>"$P/download.err") ||
			{ cat "$P/download.err" >&2; die "apt-get download $pkg (arm64) failed"; }
		f=$(ls "$DEBS/${pkg}_${ver//:/%3a}_"*.deb | head -n1)
	fi
	echo "$f"
}

# --- 3. kernel release ------------------------------------------------------------
# the amd64 lane's release (build/vm/kver) if arm64 has it, else the newest
amd64=$(cat "$BUILD/vm/kver" 2>/dev/null || true)
krel=
if [ -n "$amd64" ]; then
	cand=${amd64%-amd64}-arm64
	if pcache show "linux-headers-$cand" >/dev/null 2>&1; then
		krel=$cand
	fi
fi
if [ -z "$krel" ]; then
	krel=$(pcache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-arm64$' |
		awk '{ print $1 }' | sed 's/^linux-headers-//' | sort -V | tail -n1)
fi
[ -n "$krel" ] || die "no linux-headers-6.12*-arm64 in the arm64 lists"

# --- 4. the kernel image, unpacked ------------------------------------------------
K=$A/kernel-$krel
if [ ! -f "$K/.ok" ]; then
	img=
	for pkg in "linux-image-$krel-unsigned" "linux-image-$krel"; do
		if pcache show "$pkg" >/dev/null 2>&1; then img=$(deb_of "$pkg"); break; fi
	done
	[ -n "$img" ] || die "no linux-image-$krel(-unsigned)"
	hdr=$(deb_of "linux-headers-$krel")
	log "unpacking $(basename "$img")"
	rm -rf "$K" "$K.tmp"
	mkdir -p "$K.tmp/hdr"
	dpkg-deb -x "$img" "$K.tmp"
	dpkg-deb --fsys-tarfile "$hdr" | tar -x -C "$K.tmp/hdr" \
		"./usr/src/linux-headers-$krel/Module.symvers"
	mv "$K.tmp/hdr/usr/src/linux-headers-$krel/Module.symvers" "$K.tmp/Module.symvers"
	rm -rf "$K.tmp/hdr"
	[ -e "$K.tmp/boot/vmlinuz-$krel" ] || die "no boot/vmlinuz-$krel in $(basename "$img")"
	depmod -b "$K.tmp" "$krel"
	echo "$krel" >"$K.tmp/kver"
	mv "$K.tmp" "$K"
	touch "$K/.ok"
fi

# --- 5. the module build tree -----------------------------------------------------
src=$(ls "$SRCDIR"/linux-source-6.12_*.deb 2>/dev/null | sort -V | tail -n1 || true)
if [ -z "$src" ]; then
	log "fetching linux-source-6.12 (apt-get download)"
	(cd "$SRCDIR" && { apt-get download -q linux-source-6.12 >/dev/null 2>&1 ||
		{ apt-get update -q >/dev/null && apt-get download -q linux-source-6.12 >/dev/null; }; })
	src=$(ls "$SRCDIR"/linux-source-6.12_*.deb | sort -V | tail -n1)
fi
srcver=$(dpkg-deb -f "$src" Version)
case $krel in
"${srcver%%-*}"+*) ;;
*) log "note: linux-source $srcver, kernel $krel: Module.symvers of $krel decides the symbol versions" ;;
esac
KB=$A/build-$krel-${srcver//[^0-9A-Za-z.+]/_}
if [ ! -f "$KB/.ok" ]; then
	t0=$(date +%s)
	log "preparing the arm64 build tree (linux-source $srcver, config of $krel)"
	rm -rf "$KB" "$KB.tmp"
	mkdir -p "$KB.tmp"
	dpkg-deb --fsys-tarfile "$src" | tar -x -O ./usr/src/linux-source-6.12.tar.xz |
		tar -xJ -C "$KB.tmp"
	mv "$KB.tmp/linux-source-6.12" "$KB.tmp/src"
	cp "$K/boot/config-$krel" "$KB.tmp/src/.config"
	(cd "$KB.tmp/src" &&
		make ARCH=arm64 CROSS_COMPILE=$CROSS KERNELRELEASE="$krel" olddefconfig modules_prepare \
			>"$KB.tmp/prepare.log" 2>&1) ||
		{ tail -n 30 "$KB.tmp/prepare.log" >&2; die "modules_prepare failed"; }
	cp "$K/Module.symvers" "$KB.tmp/src/Module.symvers"
	echo $(( $(date +%s) - t0 )) >"$KB.tmp/prepare-seconds"
	mv "$KB.tmp" "$KB"
	# the tree was moved: nothing in it records its own path except the
	# generated source symlinks of out-of-tree builds, which are not used
	touch "$KB/.ok"
	log "build tree ready in $(cat "$KB/prepare-seconds") s"
fi

# --- 6. sysroot for the userspace cross-build -------------------------------------
# What the integration suite's shell scripts and programs use; everything
# else (awk, mountpoint, timeout fallbacks, insmod...) comes from busybox.
ROOTFS_PKGS=(libc6 libgcc-s1 gcc-12-base bash libtinfo6 coreutils libacl1
	libattr1 libgmp10 libselinux1 libpcre2-8-0 grep sed diffutils libdrm2
	libdrm-common busybox-static)
SYSROOT_PKGS=(libdrm-dev libdrm2)
candidates "${SYSROOT_PKGS[@]}" "${ROOTFS_PKGS[@]}"
key=$(for p in "${SYSROOT_PKGS[@]}"; do basename "$(deb_of "$p")"; done | sha256sum | cut -c1-12)
S=$A/sysroot-$key
if [ ! -f "$S/.ok" ]; then
	rm -rf "$S" "$S.tmp"
	mkdir -p "$S.tmp"
	for p in "${SYSROOT_PKGS[@]}"; do dpkg-deb -x "$(deb_of "$p")" "$S.tmp"; done
	mv "$S.tmp" "$S"
	touch "$S/.ok"
fi

# --- 7. the guest's userspace -----------------------------------------------------
ROOTFS_LAYOUT=2	# bump when the steps below change
key=$({ echo "$ROOTFS_LAYOUT"; for p in "${ROOTFS_PKGS[@]}"; do basename "$(deb_of "$p")"; done; } | sha256sum | cut -c1-12)
R=$A/rootfs-$key
if [ ! -f "$R/.ok" ]; then
	log "making the arm64 guest userspace"
	rm -rf "$R" "$R.tmp"
	mkdir -p "$R.tmp"
	for p in "${ROOTFS_PKGS[@]}"; do dpkg-deb -x "$(deb_of "$p")" "$R.tmp"; done
	# busybox applets for what the packages above do not provide (the
	# arm64 binary cannot run here: the host's busybox-static, the same
	# Debian build, lists the applets)
	for app in $(/bin/busybox --list); do
		have=
		for d in bin sbin usr/bin usr/sbin; do
			if [ -e "$R.tmp/$d/$app" ] || [ -L "$R.tmp/$d/$app" ]; then have=1; fi
		done
		[ -n "$have" ] || ln -s /bin/busybox "$R.tmp/bin/$app"
	done
	# the users the tests switch to
	mkdir -p "$R.tmp/etc"
	printf '%s\n' 'root:x:0:0:root:/root:/bin/bash' \
		'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >"$R.tmp/etc/passwd"
	printf '%s\n' 'root:x:0:' 'tty:x:5:' 'video:x:44:' 'render:x:105:' \
		'nogroup:x:65534:' >"$R.tmp/etc/group"
	mv "$R.tmp" "$R"
	touch "$R/.ok"
fi

cat >"$BUILD/arm64/env.tmp" <<EOF
QDA_ARM64_KVER=$krel
QDA_ARM64_KERNEL=$K
QDA_ARM64_KDIR=$KB/src
QDA_ARM64_SYSROOT=$S
QDA_ARM64_ROOTFS=$R
EOF
mv "$BUILD/arm64/env.tmp" "$BUILD/arm64/env"
log "KVER=$krel (cache $A)"
