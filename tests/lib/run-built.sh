# SPDX-License-Identifier: MIT
# tests/lib/run-built.sh: sourced by the suites' run.sh (faults, stress,
# fuzz), from the project root, INSIDE the test VM.
#   qt_run_built SUITE PROGRAM [ARG...]
# execs build/cmake/PROGRAM (QDA_CMAKE_BUILD overrides build/cmake) with the
# arguments; when it is not built, reports the suite failed in the suite
# format ("FAIL SUITE: ...", "0 passed, 1 failed") and exits 1.
qt_run_built() {
	local suite=$1 bin=${QDA_CMAKE_BUILD:-build/cmake}/$2
	shift 2
	if [ ! -x "$bin" ]; then
		echo "FAIL $suite: $bin not built (make userspace)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	exec "$bin" "$@"
}
