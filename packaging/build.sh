#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# build.sh: build QDA's Debian and RPM packages into build/packages/.
#
#   packaging/build.sh            (also: make packages)
#
# Steps:
#   1. install the build dependencies with apt (only the missing ones);
#   2. packaging/check-versions.sh (every copy of VERSION must agree);
#   3. export the tree to build/packaging/qda-<version>/ and make the source
#      tarball build/packaging/qda-<version>.tar.gz from it;
#   4. .debs: packaging/debian copied to ./debian of the exported tree,
#      dpkg-buildpackage -us -uc -b, then lintian (summary; the full report
#      is build/logs/lintian.log);
#   5. RPMs: rpmbuild -bb with the tarball (topdir build/packaging/rpmbuild);
#   6. every package is copied to build/packages/ and listed.
#
# Environment:
#   QDA_PKG_SOURCE=worktree  (default) export the working tree as it is:
#                            tracked files plus untracked, not ignored ones
#   QDA_PKG_SOURCE=head      export the last commit (git archive HEAD)
#   QDA_PKG_NO_DEPS=1        do not call apt-get
#   QDA_PKG_NO_RPM=1         Debian packages only
#   QDA_LINTIAN_STRICT=1     fail if lintian reports an error (E:)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${QDA_BUILD_DIR:-$ROOT/build}
WORK=$BUILD/packaging
OUT=$BUILD/packages
LOGS=$BUILD/logs
SOURCE_MODE=${QDA_PKG_SOURCE:-worktree}

DEPS=(dpkg-dev debhelper dh-dkms dkms build-essential cmake pkg-config
      libdrm-dev rpm lintian git)

log() { printf 'packages: %s\n' "$*"; }
die() { printf 'packages: error: %s\n' "$*" >&2; exit 1; }

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"
	elif command -v sudo >/dev/null 2>&1; then sudo "$@"
	else die "need root to run: $*"; fi
}

# --- 1. build dependencies -----------------------------------------------
if [ -z "${QDA_PKG_NO_DEPS:-}" ]; then
	missing=()
	for p in "${DEPS[@]}"; do
		case $(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true) in
		ii*) ;;
		*) missing+=("$p") ;;
		esac
	done
	if [ ${#missing[@]} -gt 0 ]; then
		log "installing build dependencies: ${missing[*]}"
		export DEBIAN_FRONTEND=noninteractive
		as_root apt-get update -q
		as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
	else
		log "build dependencies present (${#DEPS[@]} packages)"
	fi
fi

# --- 2. versions -------------------------------------------------------------
sh "$ROOT/packaging/check-versions.sh" "$ROOT"
VERSION=$(tr -d ' \t\r\n' <"$ROOT/VERSION")
PKGVERSION=${VERSION//-/\~}
NAME=qda-$PKGVERSION

# --- 3. exported tree and source tarball ------------------------------------
mkdir -p "$WORK" "$OUT" "$LOGS"
rm -rf "${WORK:?}/$NAME" "$WORK/$NAME.tar.gz" "$WORK"/*.deb "$WORK"/*.changes \
	"$WORK"/*.buildinfo "$WORK"/qda_*.dsc "$WORK"/qda_*.tar.* "$WORK/rpmbuild"
rm -f "$OUT"/*.deb "$OUT"/*.rpm

cd "$ROOT"
case $SOURCE_MODE in
head)
	log "exporting HEAD ($(git rev-parse --short HEAD)) to build/packaging/$NAME"
	git archive --format=tar --prefix="$NAME/" HEAD | tar -x -C "$WORK"
	;;
worktree)
	log "exporting the working tree to build/packaging/$NAME"
	dirty=$(git status --porcelain --untracked-files=normal | wc -l)
	[ "$dirty" -eq 0 ] || log "note: $dirty uncommitted change(s) are included (QDA_PKG_SOURCE=head to package HEAD only)"
	mkdir -p "$WORK/$NAME"
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		tar --null -T - -cf - | tar -xf - -C "$WORK/$NAME"
	;;
*) die "QDA_PKG_SOURCE must be worktree or head" ;;
esac
# never package a debian/ directory other than packaging/debian
rm -rf "${WORK:?}/$NAME/debian"
# Reproducible tarball: sorted, fixed owner, mtime of the last commit.
mtime=$(git log -1 --format=%ct 2>/dev/null || date +%s)
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" \
	-C "$WORK" -czf "$WORK/$NAME.tar.gz" "$NAME"
log "source tarball: build/packaging/$NAME.tar.gz"

# --- 4. Debian packages ------------------------------------------------------
cp -R "$WORK/$NAME/packaging/debian" "$WORK/$NAME/debian"
# The source package (for lintian's source checks, and to rebuild elsewhere
# with dpkg-buildpackage): build/packaging/qda_<version>-<rev>.dsc
cp "$WORK/$NAME.tar.gz" "$WORK/qda_$PKGVERSION.orig.tar.gz"
(cd "$WORK/$NAME" && dpkg-source -b .) >"$LOGS/packages-dsc.log" 2>&1 ||
	{ cat "$LOGS/packages-dsc.log" >&2; die "dpkg-source -b failed"; }
dsc=$(ls "$WORK"/qda_*.dsc | head -n1)
log "dpkg-buildpackage (log: build/logs/packages-deb.log)"
if ! (cd "$WORK/$NAME" && dpkg-buildpackage -us -uc -b) >"$LOGS/packages-deb.log" 2>&1; then
	tail -n 40 "$LOGS/packages-deb.log" >&2
	die "dpkg-buildpackage failed (log: build/logs/packages-deb.log)"
fi
grep -E '^(dpkg-gensymbols|check-versions|dpkg-deb: building)' "$LOGS/packages-deb.log" | sed 's/^/  /' || true
changes=$(ls "$WORK"/qda_*.changes | head -n1)
cp "$WORK"/*.deb "$OUT"/

log "lintian (log: build/logs/lintian.log)"
lintian --info --display-info --pedantic "$dsc" "$changes" >"$LOGS/lintian.log" 2>&1 || true
for t in E W I P; do
	n=$(grep -c "^$t: " "$LOGS/lintian.log" || true)
	printf '  lintian %s: %s\n' "$t" "$n"
done
grep -E '^[EW]: ' "$LOGS/lintian.log" | sort -u | sed 's/^/  /' || true
if [ -n "${QDA_LINTIAN_STRICT:-}" ] && grep -q '^E: ' "$LOGS/lintian.log"; then
	die "lintian reported errors"
fi

# --- 5. RPMs -----------------------------------------------------------------
if [ -z "${QDA_PKG_NO_RPM:-}" ]; then
	top=$WORK/rpmbuild
	mkdir -p "$top"/{SOURCES,SPECS,BUILD,RPMS,SRPMS}
	cp "$WORK/$NAME.tar.gz" "$top/SOURCES/"
	cp "$WORK/$NAME/packaging/rpm/qda.spec" "$top/SPECS/"
	rpmopts=(--define "_topdir $top")
	# On a Debian host the BuildRequires are dpkg packages (checked in step
	# 1), not entries of an RPM database, and there is no debuginfo tooling.
	if [ -e /etc/debian_version ]; then
		rpmopts+=(--nodeps --define 'debug_package %{nil}')
	fi
	log "rpmbuild (log: build/logs/packages-rpm.log)"
	if ! rpmbuild -bb "${rpmopts[@]}" "$top/SPECS/qda.spec" >"$LOGS/packages-rpm.log" 2>&1; then
		tail -n 40 "$LOGS/packages-rpm.log" >&2
		die "rpmbuild failed (log: build/logs/packages-rpm.log)"
	fi
	find "$top/RPMS" -name '*.rpm' -exec cp {} "$OUT"/ \;
fi

# --- 6. result ---------------------------------------------------------------
log "packages in build/packages/:"
(cd "$OUT" && ls -1 *.deb *.rpm 2>/dev/null | sed 's/^/  /')
