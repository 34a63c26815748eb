/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The engine: executes the messages the transport face hands it and sends
 * the responses (qda_vdsp_engine.c).
 */
#ifndef _QDA_VDSP_ENGINE_H_
#define _QDA_VDSP_ENGINE_H_

#include "qda_vdsp.h"

int vdsp_engine_send(struct vdsp_domain *dom, const void *msg, size_t len);
void vdsp_engine_drain(struct vdsp_domain *dom);
void vdsp_emit_locked(struct vdsp_domain *dom, const void *buf, size_t len);

#endif /* _QDA_VDSP_ENGINE_H_ */
