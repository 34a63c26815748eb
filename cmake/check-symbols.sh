#!/bin/sh
# check-symbols.sh LIB MAP: the dynamic symbols LIB defines must be exactly
# the global symbols listed in the version script MAP.
set -eu
lib=$1 map=$2
NM=${NM:-nm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$NM" -D --defined-only "$lib" | awk '{print $NF}' | sed 's/@.*//' |
	grep -v '^LIBQDA_' | sort -u >"$tmp/exported"
sed 's@/\*.*\*/@@' "$map" | awk '
	/^[ \t]*\/?\*/ { next }
	/global:/ { g = 1; next }
	/local:/ { g = 0; next }
	/}/ { g = 0; next }
	g { gsub(/[ \t;]/, ""); if ($0 != "") print }' | sort -u >"$tmp/map"
if ! diff -u "$tmp/map" "$tmp/exported"; then
	echo "exported symbols of $lib differ from $map (- map, + library)" >&2
	exit 1
fi
echo "$(wc -l <"$tmp/exported") exported symbols match $map"
