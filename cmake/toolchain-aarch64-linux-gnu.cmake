# SPDX-License-Identifier: MIT
# Cross-building QDA's userspace for arm64 (Debian's gcc-aarch64-linux-gnu).
#   cmake -DCMAKE_TOOLCHAIN_FILE=cmake/toolchain-aarch64-linux-gnu.cmake \
#         -DQDA_ARM64_SYSROOT=<dir> ...
# libc comes with the cross compiler (/usr/aarch64-linux-gnu); the other
# arm64 libraries (libdrm) are .debs unpacked into QDA_ARM64_SYSROOT by
# scripts/arm64/bootstrap.sh. That directory is not a full sysroot, so it is
# not CMAKE_SYSROOT: it is searched next to the compiler's own, and
# pkg-config reads only its .pc files.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

if(NOT QDA_ARM64_SYSROOT)
  set(QDA_ARM64_SYSROOT "$ENV{QDA_ARM64_SYSROOT}")
endif()
if(NOT QDA_ARM64_SYSROOT OR NOT IS_DIRECTORY "${QDA_ARM64_SYSROOT}")
  message(FATAL_ERROR "QDA_ARM64_SYSROOT (the unpacked arm64 libdrm) is not set: run scripts/arm64/bootstrap.sh")
endif()
# try_compile projects see the variable too
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES QDA_ARM64_SYSROOT)

set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu "${QDA_ARM64_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(ENV{PKG_CONFIG_DIR} "")
set(ENV{PKG_CONFIG_LIBDIR} "${QDA_ARM64_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${QDA_ARM64_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${QDA_ARM64_SYSROOT}")
