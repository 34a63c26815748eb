#!/usr/bin/env bash
# scripts/arm64/userspace.sh (make userspace-arm64): cross-build libqda, the
# qda tool, the examples and the tests that run in the VM for arm64 into
# build/arm64/cmake (toolchain: cmake/toolchain-aarch64-linux-gnu.cmake).
# The cmocka unit tests run on the host and are not cross-built.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=$ROOT/build/arm64
"$ROOT/scripts/arm64/bootstrap.sh"
# shellcheck disable=SC1091
. "$OUT/env"
t0=$(date +%s)
cmake -S "$ROOT" -B "$OUT/cmake" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/toolchain-aarch64-linux-gnu.cmake" \
	-DQDA_ARM64_SYSROOT="$QDA_ARM64_SYSROOT" -DQDA_BUILD_SANITIZED_TESTS=OFF
cmake --build "$OUT/cmake" -j2
# every program must be an aarch64 executable
bad=$(find "$OUT/cmake" -type f -perm -u+x ! -name '*.sh' -exec file {} + |
	grep ELF | grep -v 'ARM aarch64' || true)
if [ -n "$bad" ]; then
	echo "userspace-arm64: not aarch64: $bad" >&2
	exit 1
fi
echo "userspace-arm64: built for aarch64 in build/arm64/cmake in $(( $(date +%s) - t0 )) s"
