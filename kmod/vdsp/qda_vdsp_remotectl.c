// SPDX-License-Identifier: GPL-2.0-only
/*
 * remotectl (handle 0): the DSP's module loader. Opens a built-in module by
 * URI ("file:///libfoo_skel.so?foo_skel_handle_invoke&_modver=1.0&...")
 * and hands out a per-process module handle above the static range; close
 * gives it back. Loader errors travel as nErr plus a dlerror() string, the
 * RPC itself succeeds, as on the real firmware.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "qda_vdsp_modules.h"

#define VDSP_URI_MAX	1024
#define VDSP_MAX_HANDLES	1024

/* Split @uri into the library's file name and the skel symbol (or "") */
static void vdsp_uri_parse(char *uri, const char **lib, const char **sym)
{
	char *q, *slash, *amp;

	if (str_has_prefix(uri, "file://"))
		uri += strlen("file://");
	q = strchr(uri, '?');
	if (q)
		*q++ = '\0';
	slash = strrchr(uri, '/');
	*lib = slash ? slash + 1 : uri;
	*sym = "";
	if (q) {
		amp = strchr(q, '&');
		if (amp)
			*amp = '\0';
		if (*q && *q != '_' && !strchr(q, '='))
			*sym = q;
	}
}

static int vdsp_put_dlerror(struct vdsp_call *call, unsigned int i,
			    u32 dlerrlen, const char *msg)
{
	u64 room = min_t(u64, dlerrlen, vdsp_arg_len(call, i));
	size_t n = strlen(msg) + 1;
	int ret;

	if (!room) {
		vdsp_arg_set_outlen(call, i, 0);
		return 0;
	}
	if (n > room)
		n = room;
	ret = vdsp_arg_write(call, i, 0, msg, n - 1);
	if (!ret)
		ret = vdsp_arg_write(call, i, n - 1, "", 1);
	if (!ret)
		vdsp_arg_set_outlen(call, i, n);
	return ret;
}

/*
 * dlopen() of @uri in the call's process: 0 and a new module handle in
 * @id, or the AEE code and its dlerror() text in @err (NULL when out of
 * memory).
 */
static u32 vdsp_handle_open(struct vdsp_call *call, char *uri, u32 *id,
			    char **err)
{
	struct vdsp_process *proc = call->proc;
	const struct vdsp_module *mod;
	const char *lib, *sym;
	u32 nerr = 0;

	vdsp_uri_parse(uri, &lib, &sym);
	mod = vdsp_module_find(lib);
	if (!mod) {
		nerr = QDA_AEE_ENOSUCHMOD;
		*err = kasprintf(GFP_KERNEL,
				 "%s: cannot open shared object file: No such file or directory",
				 lib);
	} else if (*sym && strcmp(sym, vdsp_module_skel(mod))) {
		nerr = QDA_AEE_ENOSUCHSYMBOL;
		*err = kasprintf(GFP_KERNEL, "undefined symbol: %s", sym);
	} else if (atomic64_read(&call->dom->stats[VDSP_ST_MODULE_HANDLES]) >=
		   VDSP_MAX_HANDLES * 16) {
		nerr = QDA_AEE_ENOMEMORY;
	} else if (xa_alloc_cyclic(&proc->handles, id, (void *)mod,
				   XA_LIMIT(QDA_FASTRPC_MAX_STATIC_HANDLE + 1,
					    INT_MAX),
				   &proc->next_handle, GFP_KERNEL) < 0) {
		nerr = QDA_AEE_ENOMEMORY;
		*id = 0;
	} else {
		vdsp_stat_add(call->dom, VDSP_ST_MODULE_HANDLES, 1);
	}
	if (nerr && !*err)
		*err = kstrdup("out of handles", GFP_KERNEL);
	return nerr;
}

static u32 vdsp_remotectl_open(struct vdsp_call *call)
{
	struct vdsp_process *proc = call->proc;
	__le32 in[2], out[2];
	char *uri, *err = NULL;
	u32 namelen, nerr, id = 0;
	int ret;

	if (!vdsp_sc_is(call, 2, 2) || vdsp_arg_len(call, 0) < sizeof(in) ||
	    vdsp_arg_len(call, 2) < sizeof(out))
		return QDA_AEE_EBADPARM;
	ret = vdsp_arg_read(call, 0, 0, in, sizeof(in));
	if (ret)
		return vdsp_errno_to_aee(ret);
	namelen = le32_to_cpu(in[0]);
	if (!namelen || namelen > VDSP_URI_MAX ||
	    vdsp_arg_len(call, 1) < namelen)
		return QDA_AEE_EBADPARM;
	uri = kzalloc(namelen + 1, GFP_KERNEL);
	if (!uri)
		return QDA_AEE_ENOMEMORY;
	ret = vdsp_arg_read(call, 1, 0, uri, namelen);
	if (ret)
		goto out;

	nerr = vdsp_handle_open(call, uri, &id, &err);
	out[0] = cpu_to_le32(id);
	out[1] = cpu_to_le32(nerr);
	ret = vdsp_arg_write(call, 2, 0, out, sizeof(out));
	if (!ret) {
		vdsp_arg_set_outlen(call, 2, sizeof(out));
		ret = vdsp_put_dlerror(call, 3, le32_to_cpu(in[1]),
				       err ?: "");
		if (!err)
			vdsp_arg_set_outlen(call, 3, 0);
	}
	if (ret && id && xa_erase(&proc->handles, id))
		vdsp_stat_add(call->dom, VDSP_ST_MODULE_HANDLES, -1);
out:
	kfree(err);
	kfree(uri);
	return vdsp_errno_to_aee(ret);
}

static u32 vdsp_remotectl_close(struct vdsp_call *call)
{
	struct vdsp_process *proc = call->proc;
	__le32 in[2], out;
	u32 h, nerr = 0;
	int ret;

	/* copies: open's checks and first read, for close's own arguments */
	if (!vdsp_sc_is(call, 1, 2) || vdsp_arg_len(call, 0) < sizeof(in) ||
	    vdsp_arg_len(call, 1) < sizeof(out))
		return QDA_AEE_EBADPARM;
	ret = vdsp_arg_read(call, 0, 0, in, sizeof(in));
	if (ret)
		return vdsp_errno_to_aee(ret);
	h = le32_to_cpu(in[0]);
	if (h > QDA_FASTRPC_MAX_STATIC_HANDLE && xa_erase(&proc->handles, h))
		vdsp_stat_add(call->dom, VDSP_ST_MODULE_HANDLES, -1);
	else
		nerr = QDA_AEE_EBADHANDLE;

	out = cpu_to_le32(nerr);
	ret = vdsp_arg_write(call, 1, 0, &out, sizeof(out));
	if (ret)
		return vdsp_errno_to_aee(ret);
	vdsp_arg_set_outlen(call, 1, sizeof(out));
	ret = vdsp_put_dlerror(call, 2, le32_to_cpu(in[1]),
			       nerr ? "invalid handle" : "");
	if (!nerr)
		vdsp_arg_set_outlen(call, 2, 0);
	return vdsp_errno_to_aee(ret);
}

u32 vdsp_remotectl_invoke(struct vdsp_call *call)
{
	static const struct vdsp_method methods[] = {
		[QDA_FASTRPC_REMOTECTL_OPEN] = { VDSP_M_REMOTECTL_OPEN, vdsp_remotectl_open },
		[QDA_FASTRPC_REMOTECTL_CLOSE] = { VDSP_M_REMOTECTL_CLOSE, vdsp_remotectl_close },
	};

	return vdsp_method_invoke(call, methods, ARRAY_SIZE(methods),
				  VDSP_M_REMOTECTL_OTHER);
}
