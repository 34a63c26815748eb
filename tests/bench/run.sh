#!/usr/bin/env bash
# tests/bench/run.sh: `make bench`.  Boots the test VM once (vDSP with 12
# context banks, so that 8 threads get a session each) and runs qda-bench in
# it.  Results: build/bench/bench-<date>.txt and .json (and build/bench/last.*).
#
#   tests/bench/run.sh [--record] [-- qda-bench options, e.g. -t 0.5 -r 5]
#
# --record  also append the table, with date and machine, to docs/benchmarks.md
#
# Benchmarks never fail on absolute time: the exit status only reflects
# whether the run itself worked.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=${QDA_BUILD_DIR:-$ROOT/build}
OUT=$BUILD/bench
record=0
args=()
while [ $# -gt 0 ]; do
	case $1 in
	--record) record=1; shift ;;
	--) shift; args=("$@"); break ;;
	*) args+=("$1"); shift ;;
	esac
done

if [ "${QDA_IN_VM:-}" = 1 ]; then
	# inside the VM: just run the program
	exec "${QDA_CMAKE_BUILD:-$BUILD/cmake}/tests/bench/qda-bench" "${args[@]}"
fi

BIN=$BUILD/cmake/tests/bench/qda-bench
if [ ! -x "$BIN" ]; then
	echo "bench: $BIN not built: run 'make userspace' first" >&2
	exit 1
fi
mkdir -p "$OUT"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
log=$OUT/bench-$stamp.log
rc=0
"$ROOT/tests/vm/run.sh" -q --no-mm-debug --vdsp-args "${VDSP_ARGS:-num_cbs=12}" --timeout "${QDA_VM_TIMEOUT:-900}" \
	-- "$BIN" "${args[@]}" >"$log" 2>&1 || rc=$?
rundir=$(grep -o 'build/vm/runs/[0-9-]*' "$log" | head -1 || true)
console=$ROOT/$rundir/console.log
if [ -z "$rundir" ] || [ ! -f "$console" ]; then
	cat "$log" >&2
	echo "bench: the VM run failed (status $rc)" >&2
	exit 1
fi
# the program's output: the console minus kernel and harness lines
tr -d '\r' <"$console" | grep -av -e '^\[ *[0-9]*\.[0-9]*\]' -e '^QDA-VM' >"$OUT/bench-$stamp.out" || true
sed -n '/^BENCH-JSON-BEGIN$/,/^BENCH-JSON-END$/p' "$OUT/bench-$stamp.out" | sed '1d;$d' >"$OUT/bench-$stamp.json"
sed '/^BENCH-JSON-BEGIN$/,$d' "$OUT/bench-$stamp.out" >"$OUT/bench-$stamp.txt"
cp "$OUT/bench-$stamp.txt" "$OUT/last.txt"
cp "$OUT/bench-$stamp.json" "$OUT/last.json"
cat "$OUT/bench-$stamp.txt"
echo "bench: $OUT/bench-$stamp.txt, $OUT/bench-$stamp.json (VM log: $rundir)"
if [ ! -s "$OUT/bench-$stamp.json" ] || [ $rc -ne 0 ]; then
	echo "bench: the benchmark program failed (VM status $rc)" >&2
	exit 1
fi
if [ $record = 1 ]; then
	{
		echo
		echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC') on $(hostname)"
		echo
		echo "Host: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) CPUs;" \
			"guest: QEMU TCG, 2 vCPUs, Debian $(cat "$BUILD/vm/kver" 2>/dev/null || echo 6.12)."
		echo
		echo '```'
		cat "$OUT/bench-$stamp.txt"
		echo '```'
	} >>"$ROOT/docs/benchmarks.md"
	echo "bench: appended to docs/benchmarks.md"
fi
