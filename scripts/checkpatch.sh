#!/usr/bin/env bash
# scripts/checkpatch.sh: run the kernel's checkpatch.pl over kmod/.
#
# checkpatch is not in the headers package; it comes from Debian's
# linux-source-6.12 (fetched with apt-get download and cached in
# build/tools/, never installed). Any ERROR or WARNING fails.
# The generated compat header and kbuild outputs are skipped.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=$ROOT/build/tools/checkpatch
CP=$TOOLS/scripts/checkpatch.pl

if [ ! -x "$CP" ]; then
	mkdir -p "$TOOLS/dl"
	(cd "$TOOLS/dl" && rm -f ./*.deb &&
	 apt-get download -q linux-source-6.12 >/dev/null 2>&1 ||
	 { apt-get update -q >/dev/null && apt-get download -q linux-source-6.12 >/dev/null; })
	deb=$(ls "$TOOLS"/dl/linux-source-6.12_*.deb | head -n1)
	dpkg-deb --fsys-tarfile "$deb" |
		tar -x -O ./usr/src/linux-source-6.12.tar.xz |
		tar -xJ -C "$TOOLS" --strip-components=1 \
			linux-source-6.12/scripts/checkpatch.pl \
			linux-source-6.12/scripts/spelling.txt \
			linux-source-6.12/scripts/const_structs.checkpatch
	rm -rf "$TOOLS/dl"
	chmod +x "$CP"
fi

cd "$ROOT/kmod"
mapfile -t files < <(find . -name '*.[ch]' ! -name '*.mod.c' \
	! -name 'qda_compat_auto.h' | sort)
out=$(perl "$CP" --no-tree --terse --show-types -f "${files[@]}" 2>&1 || true)
problems=$(printf '%s\n' "$out" | grep -E ': (ERROR|WARNING|CHECK):' || true)
if [ -n "$problems" ]; then
	printf '%s\n' "$problems"
	echo "checkpatch: $(printf '%s\n' "$problems" | wc -l) problem(s) in kmod/"
	exit 1
fi
echo "checkpatch: ${#files[@]} files in kmod/ clean"
