#!/usr/bin/env bash
# arm64-dtb.sh --smp N --mem MB --out DIR: the device tree the arm64 test VM
# boots with, printed as a path: QEMU's own virt DTB (dumped with
# -M virt,dumpdtb= for the same -cpu/-smp/-m, which decide its cpus and
# memory nodes) with a Qualcomm FastRPC node added the way the binding
# (Documentation/devicetree/bindings/misc/qcom,fastrpc.yaml) describes it:
# a qcom,fastrpc node for the cdsp, non-secure, on a glink edge, with
# qcom,fastrpc-compute-cb children whose reg is the stream id. Nothing on
# the path has a compatible that a driver binds by itself: the node is
# for the RPMsg provider's tests. Cached by a hash of its inputs.
set -euo pipefail
smp=2 mem=1536 out=
while [ $# -gt 0 ]; do
	case $1 in
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) echo "arm64-dtb.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -n "$out" ] || { echo "arm64-dtb.sh: --out DIR missing" >&2; exit 2; }
command -v dtc >/dev/null || { echo "arm64-dtb.sh: dtc missing (device-tree-compiler)" >&2; exit 1; }

node() {
	cat <<'DTS'

/ {
	qda-cdsp-remoteproc {
		glink-edge {
			label = "cdsp";
			qcom,remote-pid = <5>;

			fastrpc {
				compatible = "qcom,fastrpc";
				qcom,glink-channels = "fastrpcglink-apps-dsp";
				label = "cdsp";
				qcom,non-secure-domain;
				#address-cells = <1>;
				#size-cells = <0>;

				compute-cb@1 {
					compatible = "qcom,fastrpc-compute-cb";
					reg = <1>;
				};

				compute-cb@2 {
					compatible = "qcom,fastrpc-compute-cb";
					reg = <2>;
				};

				compute-cb@3 {
					compatible = "qcom,fastrpc-compute-cb";
					reg = <3>;
					qcom,nsessions = <2>;
				};
			};
		};
	};
};
DTS
}

key=$({ node; echo "$smp $mem"; qemu-system-aarch64 --version | head -n1; } | sha256sum | cut -c1-16)
dtb=$out/virt-qda-$key.dtb
if [ ! -s "$dtb" ]; then
	mkdir -p "$out"
	tmp=$(mktemp -d "$out/.tmp.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	qemu-system-aarch64 -machine "virt,dumpdtb=$tmp/virt.dtb" -cpu max \
		-smp "$smp" -m "$mem" -nographic -nodefaults >"$tmp/qemu.log" 2>&1 ||
		{ cat "$tmp/qemu.log" >&2; exit 1; }
	dtc -q -I dtb -O dts -o "$tmp/virt.dts" "$tmp/virt.dtb"
	node >>"$tmp/virt.dts"
	dtc -q -I dts -O dtb -o "$tmp/out.dtb" "$tmp/virt.dts"
	cp "$tmp/virt.dts" "${dtb%.dtb}.dts"
	mv "$tmp/out.dtb" "$dtb"
fi
echo "$dtb"
