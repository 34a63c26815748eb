#!/usr/bin/env bash
# scripts/checkpatch.sh: run the kernel's checkpatch.pl and kernel-doc
# over kmod/ (and kernel-doc over the UAPI header).
#
# Neither is in the headers package; they come from Debian's
# linux-source-6.12 (fetched with apt-get download and cached in
# build/tools/, never installed). Runs with --strict, as dri-devel
# reviewers do: any ERROR, WARNING or CHECK fails.
# The generated compat header and kbuild outputs are skipped.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=$ROOT/build/tools/checkpatch
CP=$TOOLS/scripts/checkpatch.pl
KD=$TOOLS/scripts/kernel-doc

if [ ! -x "$CP" ] || [ ! -f "$KD" ]; then
	mkdir -p "$TOOLS/dl"
	(cd "$TOOLS/dl" && rm -f ./*.deb &&
	 apt-get download -q linux-source-6.12 >/dev/null 2>&1 ||
	 { apt-get update -q >/dev/null && apt-get download -q linux-source-6.12 >/dev/null; })
	deb=$(ls "$TOOLS"/dl/linux-source-6.12_*.deb | head -n1)
	dpkg-deb --fsys-tarfile "$deb" |
		tar -x -O ./usr/src/linux-source-6.12.tar.xz |
		tar -xJ -C "$TOOLS" --strip-components=1 \
			linux-source-6.12/scripts/checkpatch.pl \
			linux-source-6.12/scripts/kernel-doc \
			linux-source-6.12/scripts/spelling.txt \
			linux-source-6.12/scripts/const_structs.checkpatch
	rm -rf "$TOOLS/dl"
	chmod +x "$CP"
fi

cd "$ROOT/kmod"
mapfile -t files < <(find . -name '*.[ch]' ! -name '*.mod.c' \
	! -name 'qda_compat_auto.h' | sort)
out=$(perl "$CP" --strict --no-tree --terse --show-types -f "${files[@]}" 2>&1 || true)
problems=$(printf '%s\n' "$out" | grep -E ': (ERROR|WARNING|CHECK):' || true)
if [ -n "$problems" ]; then
	printf '%s\n' "$problems"
	echo "checkpatch: $(printf '%s\n' "$problems" | wc -l) problem(s) in kmod/"
	exit 1
fi
echo "checkpatch: ${#files[@]} files in kmod/ clean (--strict)"

# kernel-doc -Wall: every documented function, struct and member complete
kdoc=$(perl "$KD" -Wall -none "${files[@]}" "$ROOT"/include/uapi/drm/*.h 2>&1 || true)
if [ -n "$kdoc" ]; then
	printf '%s\n' "$kdoc"
	echo "kernel-doc: $(printf '%s\n' "$kdoc" | wc -l) problem(s)"
	exit 1
fi
echo "kernel-doc: ${#files[@]} files in kmod/ and the UAPI header clean (-Wall)"
