#!/usr/bin/env python3
"""drm-version.py NODE: open a DRM/accel node and print DRM_IOCTL_VERSION.

Prints "name=<driver> version=<major>.<minor>.<patch> desc=<desc>" and exits
0, or prints the error and exits 1.  Used by the VM smoke test and the demo;
needs nothing but the Python standard library.
"""
import ctypes
import fcntl
import os
import sys


class DrmVersion(ctypes.Structure):
    _fields_ = [
        ("version_major", ctypes.c_int),
        ("version_minor", ctypes.c_int),
        ("version_patchlevel", ctypes.c_int),
        ("name_len", ctypes.c_size_t),
        ("name", ctypes.c_void_p),
        ("date_len", ctypes.c_size_t),
        ("date", ctypes.c_void_p),
        ("desc_len", ctypes.c_size_t),
        ("desc", ctypes.c_void_p),
    ]


def _iowr(typ, nr, size):
    return (3 << 30) | (size << 16) | (ord(typ) << 8) | nr


DRM_IOCTL_VERSION = _iowr("d", 0x00, ctypes.sizeof(DrmVersion))


def drm_version(fd):
    bufs = [ctypes.create_string_buffer(256) for _ in range(3)]
    v = DrmVersion()
    v.name_len, v.date_len, v.desc_len = 255, 255, 255
    v.name, v.date, v.desc = (ctypes.addressof(b) for b in bufs)
    fcntl.ioctl(fd, DRM_IOCTL_VERSION, v)
    name = bufs[0].raw[: min(v.name_len, 255)].decode(errors="replace")
    desc = bufs[2].raw[: min(v.desc_len, 255)].decode(errors="replace")
    return v, name, desc


def main():
    node = sys.argv[1] if len(sys.argv) > 1 else "/dev/accel/accel0"
    try:
        fd = os.open(node, os.O_RDWR | os.O_CLOEXEC)
    except OSError as e:
        print(f"open {node}: {e.strerror}")
        return 1
    try:
        v, name, desc = drm_version(fd)
    except OSError as e:
        print(f"DRM_IOCTL_VERSION on {node}: {e.strerror}")
        return 1
    finally:
        os.close(fd)
    print(f"name={name} version={v.version_major}.{v.version_minor}."
          f"{v.version_patchlevel} desc={desc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
