/* SPDX-License-Identifier: MIT */
/*
 * The vDSP's built-in modules (kmod/vdsp/qda_vdsp_modules.c), by the URIs
 * applications open them with: the one place tests name them.
 */
#ifndef QT_MODULES_H
#define QT_MODULES_H

#define QT_CALC_URI \
	"file:///libcalculator_skel.so?calculator_skel_handle_invoke&_modver=1.0"
#define QT_TEST_URI \
	"file:///libqda_test_skel.so?qda_test_skel_handle_invoke&_modver=1.0"

#endif
