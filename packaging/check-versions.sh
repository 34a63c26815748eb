#!/bin/sh
# SPDX-License-Identifier: MIT
# check-versions.sh: the project's version is the top-level VERSION file;
# every copy of it must agree. Fails (exit 1) on any disagreement.
#
#   packaging/check-versions.sh [TREE]      (default: this script's tree)
#
# Checked: dkms.conf PACKAGE_VERSION, CMakeLists.txt project(VERSION), the
# kernel module's QDA_DRIVER_VERSION (MODULE_VERSION), the upstream part of
# the newest packaging/debian/changelog entry (and of debian/changelog in an
# exported build tree), and the RPM spec's Version. A pre-release such as
# 0.2.0-rc1 in VERSION is written 0.2.0~rc1 in the Debian and RPM versions,
# so that it sorts before 0.2.0.
set -eu

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"

fail=0
[ -r VERSION ] || { echo "check-versions: $root/VERSION missing" >&2; exit 1; }
version=$(tr -d ' \t\r\n' <VERSION)
case $version in
''|*[!0-9A-Za-z.+-]*) echo "check-versions: bad VERSION '$version'" >&2; exit 1 ;;
esac
pkgversion=$(printf '%s' "$version" | tr '-' '~')

check() { # what expected found
	if [ "$3" = "$2" ]; then
		printf 'check-versions: ok   %-44s %s\n' "$1" "$3"
	else
		printf 'check-versions: FAIL %-44s "%s", expected "%s"\n' "$1" "$3" "$2" >&2
		fail=1
	fi
}

check "VERSION" "$version" "$version"

v=$(sed -n 's/^[[:space:]]*PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}[[:space:]]*$/\1/p' dkms.conf 2>/dev/null | head -n1)
check "dkms.conf PACKAGE_VERSION" "$version" "$v"

# project(qda VERSION x.y.z ...) may span lines: join the file first.
v=$(tr '\n' ' ' <CMakeLists.txt | sed -n 's/.*project([[:space:]]*qda[^)]*[[:space:]]VERSION[[:space:]]\{1,\}\([^[:space:])]*\).*/\1/p')
check "CMakeLists.txt project(VERSION)" "${version%%-*}" "$v"

v=$(sed -n 's/^#define[[:space:]]\{1,\}QDA_DRIVER_VERSION[[:space:]]\{1,\}"\([^"]*\)".*/\1/p' kmod/qda_drv.c)
check "kmod/qda_drv.c QDA_DRIVER_VERSION" "$version" "$v"

for cl in packaging/debian/changelog debian/changelog; do
	[ -e "$cl" ] || { [ "$cl" = debian/changelog ] && continue; }
	# "qda (1:0.1.0-1) ..." -> 0.1.0 (no epoch, no Debian revision)
	v=$(sed -n '1s/^[^ ]* (\([^)]*\)).*/\1/p' "$cl" 2>/dev/null | sed 's/^[0-9]*://; s/-[^-]*$//')
	check "$cl (upstream part)" "$pkgversion" "$v"
done

v=$(sed -n 's/^Version:[[:space:]]*\([^[:space:]]*\).*/\1/p' packaging/rpm/qda.spec 2>/dev/null | head -n1)
check "packaging/rpm/qda.spec Version" "$pkgversion" "$v"

if [ $fail -ne 0 ]; then
	echo "check-versions: versions disagree; VERSION ($version) is the reference" >&2
	exit 1
fi
echo "check-versions: all copies agree on $version"
