// SPDX-License-Identifier: GPL-2.0-only
/**
 * Wired interrupt transport: lines that carry a level to listeners, and the edge/level input logic that interrupt
 * controllers share.
 */
package org.novaemu.irq;
