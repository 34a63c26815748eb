# QDA top-level Makefile: the project's command interface.
#
#   make demo       bootstrap, build everything, boot the test VM, run the demo
#   make check      the whole test suite; last line "N passed, N failed"
#   make help       all targets and variables
#
# Kernel-side code never runs on the host: everything that loads a module
# happens inside QEMU (tests/vm/run.sh).

SHELL := /bin/bash
.DEFAULT_GOAL := all

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD := $(ROOT)/build
LOGS := $(BUILD)/logs

# Kernel release the module is built for and the VM boots: written by
# scripts/bootstrap.sh; falls back to the newest installed 6.12 headers.
# (Recursive: read when a recipe runs, i.e. after bootstrap.)
KVER ?= $(shell cat $(BUILD)/vm/kver 2>/dev/null || ls -d /usr/src/linux-headers-6.12*-amd64 2>/dev/null | sort -V | tail -n1 | sed 's,.*/linux-headers-,,')
KDIR ?= /usr/src/linux-headers-$(KVER)

# Where the kernel module is built (and taken from by the VM harness).
KMOD_DIR ?= $(ROOT)/kmod
# Module parameters in the VM, e.g. make vm-test VDSP_ARGS='domains=cdsp,adsp'
QDA_ARGS ?=
VDSP_ARGS ?=
# KMOD_FRESH=1: clean kmod/ first, so that every file is compiled and every
# W=1 warning shows (make check sets it; incremental builds hide old warnings)
KMOD_FRESH ?=
# Guest timeout in seconds for vm-run / vm-test / demo
VM_TIMEOUT ?= 600
# Command for vm-run
CMD ?=
# Extra options for tests/vm/run.sh, e.g. VM_OPTS='--no-unload --smp 1'
VM_OPTS ?=

export QDA_KMOD_DIR := $(abspath $(KMOD_DIR))
export QDA_ARGS VDSP_ARGS CMD
export QDA_VM_TIMEOUT := $(VM_TIMEOUT)

VM := $(ROOT)/tests/vm/run.sh $(VM_OPTS)

.PHONY: all help bootstrap kmod checkpatch copies layers userspace unit vm-test vm-bypass vm-render kmod-arm64 userspace-arm64 vm-arm64 vm-run vm-shell demo check check-debug bench packages packages-test fuzz clean

all: userspace kmod

help:
	@echo 'Targets:'
	@echo '  demo        bootstrap, build, boot the VM with qda.ko + qda_vdsp.ko, run the demo'
	@echo '  check       bootstrap, userspace, unit, kmod (W=1), vm-test; last line "N passed, N failed"'
	@echo '  bootstrap   install the build/test packages, cache the VM kernel (scripts/bootstrap.sh)'
	@echo '  kmod        build kmod/ against $(KDIR) with W=1; any warning fails'
	@echo '  userspace   cmake configure + build into build/cmake'
	@echo '  unit        ctest on build/cmake'
	@echo '  vm-test     boot the VM once: tests/vm/smoke.sh + tests/integration/run-all.sh'
	@echo "  vm-run      run CMD='...' in the VM; its status is the target's status"
	@echo '  vm-shell    interactive shell in the VM (modules loaded)'
	@echo '  bench       tests/bench/run.sh: benchmarks in the VM (table + JSON)'
	@echo '  fuzz        the ioctl fuzzer for FUZZ_SECS (600) seconds; SEED=n replays a run'
	@echo '  checkpatch  checkpatch.pl --strict and kernel-doc -Wall over kmod/'
	@echo '  copies      scripts/check-copies: no copied blocks (6+ lines) in kmod/ libqda/ tools/ tests/'
	@echo '  layers      scripts/layers.py: calls and includes go down the layers of kmod/ and kmod/vdsp/'
	@echo '  vm-bypass   the integration suite with the vDSP banks in bypass (smmu=0)'
	@echo '  vm-render   the render-node flavour (no DRM accel) through libqda in the VM'
	@echo '  kmod-arm64  cross-build kmod/ with W=1 for Debian arm64 6.12 (render-node flavour)'
	@echo '  userspace-arm64  cross-build libqda, qda, examples and VM tests into build/arm64/cmake'
	@echo '  vm-arm64    the integration suite in an arm64 VM (TCG) through /dev/dri/renderD*'
	@echo '  check-debug the VM lanes on a KASAN/lockdep/kmemleak/DMA-API debug kernel (built once, ~20 min)'
	@echo '  packages    packaging/build.sh: .debs and .rpms into build/packages/'
	@echo '  packages-test  install the .debs here, DKMS, examples out of tree, VM, purge'
	@echo '  clean       remove build outputs (keeps the cached VM kernel)'
	@echo 'Variables: KMOD_DIR=$(KMOD_DIR) COPIES_PATHS=... QDA_ARGS=... VDSP_ARGS=... VM_TIMEOUT=$(VM_TIMEOUT) VM_OPTS=... CMD=...'

bootstrap:
	@$(ROOT)/scripts/bootstrap.sh

# Build the module with W=1; fail on any compiler (or modpost) warning.
kmod:
	@mkdir -p $(LOGS)
	@if [ -z "$(KVER)" ] || [ ! -d "$(KDIR)" ]; then \
		echo "kmod: kernel headers $(KDIR) missing: run 'make bootstrap'" >&2; exit 1; fi
	@if [ ! -f "$(QDA_KMOD_DIR)/Makefile" ]; then \
		echo "kmod: $(QDA_KMOD_DIR)/Makefile missing" >&2; exit 1; fi
	@if [ -n "$(KMOD_FRESH)" ]; then $(MAKE) -C $(QDA_KMOD_DIR) KDIR=$(KDIR) clean >/dev/null 2>&1 || true; fi
	@set -o pipefail; \
	$(MAKE) -C $(QDA_KMOD_DIR) KDIR=$(KDIR) W=1 2>&1 | tee $(LOGS)/kmod-build.log; \
	rc=$$?; \
	if [ $$rc -ne 0 ]; then echo "kmod: FAILED: build error (log: build/logs/kmod-build.log)" >&2; exit $$rc; fi; \
	if grep -inE 'warning:' $(LOGS)/kmod-build.log >$(LOGS)/kmod-warnings.log; then \
		echo "kmod: FAILED: $$(wc -l <$(LOGS)/kmod-warnings.log) warning(s) with W=1:" >&2; \
		cat $(LOGS)/kmod-warnings.log >&2; exit 1; fi; \
	echo "kmod: built warning-free with W=1 for $(KVER)"

# checkpatch.pl --strict and kernel-doc -Wall over kmod/ (from Debian's linux-source, cached)
checkpatch:
	@$(ROOT)/scripts/checkpatch.sh

# The gate against copied blocks; COPIES_PATHS= names what it reads
# (default, in the script: libqda tools tests), e.g. COPIES_PATHS=kmod
copies:
	@cd $(ROOT) && scripts/check-copies $(COPIES_PATHS)

# One direction of calls and includes in kmod/ and kmod/vdsp/ (needs the
# objects of a kmod build)
layers: kmod
	@cd $(ROOT) && scripts/layers.py --spec kmod/layers.txt kmod && \
		scripts/layers.py --spec kmod/vdsp/layers.txt kmod/vdsp

userspace:
	@if [ ! -f $(ROOT)/CMakeLists.txt ]; then \
		echo "userspace: no CMakeLists.txt yet; skipped"; exit 0; fi; \
	cmake -S $(ROOT) -B $(BUILD)/cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo && \
	cmake --build $(BUILD)/cmake -j2

unit:
	@if [ ! -f $(ROOT)/CMakeLists.txt ]; then \
		echo "unit: no CMakeLists.txt yet; skipped"; exit 0; fi; \
	if [ ! -d $(BUILD)/cmake ]; then \
		echo "unit: build/cmake missing: run 'make userspace' first" >&2; exit 1; fi; \
	ctest --test-dir $(BUILD)/cmake --output-on-failure

# One boot: the smoke test, then the integration suite (once it exists).
vm-test:
	@$(VM) -- bash tests/vm/vm-test.sh

# The integration suite with the vDSP's banks in bypass (no SMMU): the
# coherent memory backend and imports in several DMA segments
vm-bypass:
	@$(VM) --vdsp-args 'smmu=0' -- bash tests/integration/run-all.sh

# The render-node flavour (kernels without DRM accel), through libqda
vm-render:
	@$(ROOT)/tests/vm/render-node.sh

# arm64: cross-build kmod/ W=1-clean for Debian's arm64 6.12 kernel (into
# build/arm64/kmod; fetches and prepares what it needs once, cached in
# /var/cache/qda/arm64 by scripts/arm64/bootstrap.sh)
kmod-arm64:
	@$(ROOT)/scripts/arm64/kmod.sh

# arm64: libqda, the qda tool, examples and the VM tests, cross-built into
# build/arm64/cmake (cmake/toolchain-aarch64-linux-gnu.cmake)
userspace-arm64:
	@$(ROOT)/scripts/arm64/userspace.sh

# The arm64 lane: the cross-built modules and programs in an arm64 VM
# (qemu-system-aarch64 TCG, a device tree with a qcom,fastrpc node)
# (TCG emulation of arm64 is slower: its own guest timeout, ARM64_VM_TIMEOUT)
ARM64_VM_TIMEOUT ?= 1500
vm-arm64:
	@QDA_VM_TIMEOUT=$(ARM64_VM_TIMEOUT) $(ROOT)/tests/vm/arm64.sh $(VM_OPTS)

# The sanitizer lane: a debug kernel (built once, cached in /var/cache/qda)
# and the VM lanes on it
check-debug: userspace
	@$(ROOT)/scripts/check-debug.sh

vm-run:
	@if [ -z "$$CMD" ]; then echo "usage: make vm-run CMD='command line'" >&2; exit 2; fi
	@$(VM) -- bash -c "$$CMD"

vm-shell:
	@$(VM) --shell

demo: bootstrap
	@$(MAKE) --no-print-directory userspace
	@$(MAKE) --no-print-directory kmod
	@$(VM) -- bash tests/vm/demo.sh

# `make check` must end with the line "N passed, N failed" and fail if anything
# failed -- but make prints its own "*** [check] Error 1" after a failed
# recipe. So when check is the only goal, scripts/check.sh runs while the
# Makefile is read: its progress goes to stderr as it happens, its summary
# line comes back and is printed last, and on failure question mode (-q)
# makes make exit 1 without a message of its own.
ifeq ($(MAKECMDGOALS),check)
QDA_CHECK_RESULT := $(shell QDA_CHECK_SUMMARY_ONLY_STDOUT=1 MAKEFLAGS='-- $(MAKEOVERRIDES)' $(ROOT)/scripts/check.sh; echo " rc=$$?")
$(info $(strip $(filter-out rc=%,$(QDA_CHECK_RESULT))))
ifneq ($(lastword $(QDA_CHECK_RESULT)),rc=0)
MAKEFLAGS += -q
endif
check:
	@:
else
check:
	@$(ROOT)/scripts/check.sh
endif

# The ioctl fuzzer for longer: make fuzz FUZZ_SECS=3600 [SEED=n]
FUZZ_SECS ?= 600
fuzz:
	@$(VM) --timeout $$(( $(FUZZ_SECS) + 300 )) -- bash tests/fuzz/run.sh -d $(FUZZ_SECS) $(if $(SEED),-s $(SEED))

bench:
	@if [ ! -f $(ROOT)/tests/bench/run.sh ]; then \
		echo "bench: tests/bench/run.sh does not exist yet" >&2; exit 1; fi
	@bash $(ROOT)/tests/bench/run.sh

packages:
	@if [ ! -f $(ROOT)/packaging/build.sh ]; then \
		echo "packages: packaging/build.sh does not exist yet" >&2; exit 1; fi
	@bash $(ROOT)/packaging/build.sh

# Install the built packages here, check DKMS, build the examples out of
# tree, boot the VM with the DKMS-built modules, then purge everything
packages-test:
	@bash $(ROOT)/packaging/test-install.sh --vm

clean:
	rm -rf $(BUILD)/cmake $(LOGS) $(BUILD)/vm/runs $(BUILD)/vm/initramfs $(BUILD)/vm/last
	-@if [ -f $(QDA_KMOD_DIR)/Makefile ] && [ -d "$(KDIR)" ]; then $(MAKE) -C $(QDA_KMOD_DIR) KDIR=$(KDIR) clean; fi
