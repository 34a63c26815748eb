#!/usr/bin/env bash
# scan-klog.sh [--console] FILE...
#
# Print the kernel log lines in FILE that show a kernel problem, and exit 1 if
# there is any (0 if none).  With --console, FILE is a serial console capture
# that also carries the test's own output: only printk lines (those with a
# "[    1.234567]" timestamp, printk.time=1) are considered, so that a test
# printing the word "WARNING:" does not fail the run.
#
# QDA_VM_KLOG_IGNORE: an extended regex of lines to ignore (known, accepted
# noise of a particular kernel); empty by default.
set -euo pipefail

console=0
if [ "${1:-}" = --console ]; then
	console=1
	shift
fi

# What fails a run.  Keep in sync with README.md and tests/vm/README.md.
PATTERNS=(
	'WARNING:'
	'BUG:'
	'BUG [^ ]+ \(.*\): '          # slub: "BUG kmalloc-64 (Tainted: ...): Redzone overwritten"
	'kernel BUG at'
	'Oops'
	'KFENCE'
	'Object padding'
	'Redzone'
	'Poison overwritten'
	'Freepointer corrupt'
	'slab error'
	'refcount_t:'
	'list_add corruption'
	'list_del corruption'
	'soft lockup'
	'hard LOCKUP'
	'hung task'
	'blocked for more than [0-9]+ seconds'
	'detected stalls? on CPU'
	'self-detected stall'
	'general protection fault'
	'Kernel panic'
	'UBSAN'
	'Unable to handle kernel'
	'kernel tried to execute'
	'stack-protector'
	'stack guard page was hit'
	'double fault'
	# debug kernels (make check-debug); KASAN, DMA-API and ODEBUG reports
	# come as BUG: or WARNING: lines
	'suspected memory leak'
	'possible circular locking'
	'inconsistent lock state'
	'sleeping function called from invalid context'
)
re=$(IFS='|'; echo "${PATTERNS[*]}")

found=0
for f in "$@"; do
	[ -f "$f" ] || continue
	if [ $console = 1 ]; then
		lines=$(tr -d '\r' <"$f" | grep -aE '\[ *[0-9]+\.[0-9]{6}\]' || true)
	else
		lines=$(tr -d '\r' <"$f")
	fi
	hits=$(printf '%s\n' "$lines" | grep -aE -- "$re" || true)
	if [ -n "${QDA_VM_KLOG_IGNORE:-}" ] && [ -n "$hits" ]; then
		hits=$(printf '%s\n' "$hits" | grep -avE -- "$QDA_VM_KLOG_IGNORE" || true)
	fi
	if [ -n "$hits" ]; then
		printf '%s\n' "$hits"
		found=1
	fi
done
exit $found
