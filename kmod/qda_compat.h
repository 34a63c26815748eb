/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel-version differences, decided by compat/conftest.sh probes
 * (qda_compat_auto.h). This is the only file that may test HAVE_* macros
 * or the kernel version.
 */
#ifndef _QDA_COMPAT_H_
#define _QDA_COMPAT_H_

#include <linux/dma-buf.h>
#include <drm/drm_accel.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_gem.h>
#include <drm/drm_prime.h>

#ifndef HAVE_DRM_ACCEL_FOPS
#error "qda needs a kernel with DRM accel (CONFIG_DRM_ACCEL, Linux 6.8 or newer)"
#endif

static inline bool qda_gem_is_imported(const struct drm_gem_object *obj)
{
#ifdef HAVE_DRM_GEM_IS_IMPORTED
	return drm_gem_is_imported(obj);
#else
	return !!obj->import_attach;
#endif
}

/*
 * Is @dma_buf a buffer that @dev itself exported? Older kernels lack the
 * helper; there the test is the one the helper makes: the dma-buf was
 * made by DRM's PRIME code (its release hook is DRM's) for a GEM object
 * of this device.
 */
static inline bool qda_gem_is_own_dma_buf(struct drm_device *dev,
					  struct dma_buf *dma_buf)
{
#ifdef HAVE_DRM_GEM_IS_PRIME_EXPORTED_DMA_BUF
	return drm_gem_is_prime_exported_dma_buf(dev, dma_buf);
#else
	struct drm_gem_object *obj;

	if (dma_buf->ops->release != drm_gem_dmabuf_release)
		return false;
	obj = dma_buf->priv;
	return obj->dev == dev;
#endif
}

/*
 * Kernels without CONFIG_DRM_ACCEL (Debian's arm64 6.12) get a DRM render
 * node instead of an accel node; the ABI is the same and libqda finds
 * either. QDA_FORCE_RENDER_NODE builds the render flavour anywhere, so it
 * can be tested on a kernel that has accel.
 */
#if IS_ENABLED(CONFIG_DRM_ACCEL) && !defined(QDA_FORCE_RENDER_NODE)
#define QDA_DRIVER_NODE_FEATURES	DRIVER_COMPUTE_ACCEL
#define QDA_DEFINE_FOPS(name)		DEFINE_DRM_ACCEL_FOPS(name)
/* No master authenticates accel clients: DRM_AUTH would refuse all but root */
#define QDA_IOCTL_NODE_FLAGS		0
#else
#define QDA_DRIVER_NODE_FEATURES	DRIVER_RENDER
#define QDA_DEFINE_FOPS(name)		DEFINE_DRM_GEM_FOPS(name)
/*
 * A render driver also has a primary node (/dev/dri/cardN); there, as for
 * every render driver, only the master and the clients it authenticated
 * (or root) may use the driver's ioctls. The render node serves anyone
 * who can open it.
 */
#define QDA_IOCTL_NODE_FLAGS		(DRM_RENDER_ALLOW | DRM_AUTH)
#endif

/* Symbol namespaces became strings in 6.13 */
#ifdef HAVE_MODULE_IMPORT_NS_BARE
#define QDA_IMPORT_NS_DMA_BUF()	MODULE_IMPORT_NS(DMA_BUF)
#else
#define QDA_IMPORT_NS_DMA_BUF()	MODULE_IMPORT_NS("DMA_BUF")
#endif

/*
 * The KUnit tests (kmod/tests/, qda_kunit.ko) are built where the kernel
 * has KUnit and its headers (see kmod/Kbuild). There the helpers they
 * test are visible outside their file, exported to the tests' namespace
 * only; elsewhere they stay static and nothing is exported.
 */
#if IS_ENABLED(CONFIG_KUNIT) && defined(HAVE_KUNIT_VISIBILITY_H)
#include <kunit/visibility.h>
#define QDA_KUNIT	1
#ifdef HAVE_MODULE_IMPORT_NS_BARE
#define QDA_IMPORT_NS_KUNIT()	MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#else
#define QDA_IMPORT_NS_KUNIT()	MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#endif
#else
#define EXPORT_SYMBOL_IF_KUNIT(symbol)	static_assert(1, #symbol)
#define VISIBLE_IF_KUNIT		static
#endif

#endif /* _QDA_COMPAT_H_ */
