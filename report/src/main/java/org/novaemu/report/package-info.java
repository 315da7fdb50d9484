// SPDX-License-Identifier: GPL-2.0-only
/**
 * The report command: plots of JMH results and of the demo's {@code --json} results, drawn with JFreeChart and
 * written as PNG and SVG (decisions U40 to U44). It reads files only and depends on no module of the emulator.
 */
package org.novaemu.report;
