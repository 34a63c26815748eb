#!/bin/bash
# tests/vm/arm64-guest.sh: runs in the arm64 guest (tests/vm/arm64.sh), cwd
# the project root, QDA_CMAKE_BUILD_DIR the cross-built programs. The
# groundwork checks for the RPMsg provider, the render node, then the
# integration suite. Last line: "N passed, N failed".
set -u
B=${QDA_CMAKE_BUILD_DIR:?the cross-built programs (build/arm64/cmake)}
p=0 f=0
t() { # NAME CMD...: one check, its output shown
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		[ -n "$out" ] && printf '%s\n' "$out"
		echo "ok $name"; p=$((p + 1))
	else
		[ -n "$out" ] && printf '%s\n' "$out"
		echo "FAIL $name"; f=$((f + 1))
	fi
}
prop() { tr '\0' ' ' <"$1" | sed 's/ $//'; }	# a DT string (list) property

echo "=== arm64 groundwork"
echo "machine: $(uname -m), kernel $(uname -r)"
FRPC=/proc/device-tree/qda-cdsp-remoteproc/glink-edge/fastrpc
t rpmsg-core-loaded grep -q '^rpmsg_core ' /proc/modules
dt_node() {
	[ -d $FRPC ] || return 1
	echo "DT $FRPC: compatible '$(prop $FRPC/compatible)', label '$(prop $FRPC/label)'," \
		"channels '$(prop $FRPC/qcom,glink-channels)'," \
		"non-secure $([ -e $FRPC/qcom,non-secure-domain ] && echo yes || echo no)"
	[ "$(prop $FRPC/compatible)" = qcom,fastrpc ] && [ "$(prop $FRPC/label)" = cdsp ] &&
		[ -e $FRPC/qcom,non-secure-domain ]
}
t dt-fastrpc-node dt_node
dt_cbs() {
	local cb n=0
	for cb in $FRPC/compute-cb@*; do
		[ -d "$cb" ] || continue
		echo "DT ${cb##*/}: compatible '$(prop "$cb/compatible")', reg $(od -An -tu4 --endian=big "$cb/reg" | tr -d ' ')"
		[ "$(prop "$cb/compatible")" = qcom,fastrpc-compute-cb ] || return 1
		n=$((n + 1))
	done
	[ $n -eq 3 ]
}
t dt-compute-cbs dt_cbs

echo "=== render node"
t no-accel-node test ! -e /dev/accel/accel0
t qda-list-render bash -c "ls /dev/dri; '$B/tools/qda' list | grep '^/dev/dri/renderD.*domain cdsp'"
echo "groundwork: $p passed, $f failed"

echo "=== tests/integration/run-all.sh"
bash tests/integration/run-all.sh 2>&1 | tee /tmp/suite
line=$(tail -n 1 /tmp/suite)
if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
	p=$((p + BASH_REMATCH[1]))
	f=$((f + BASH_REMATCH[2]))
else
	echo "FAIL run-all.sh: no summary"
	f=$((f + 1))
fi
echo "$p passed, $f failed"
[ $f -eq 0 ]
