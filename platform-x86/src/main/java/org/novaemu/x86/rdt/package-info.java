// SPDX-License-Identifier: GPL-2.0-only
/**
 * Intel Resource Director Technology's allocation side (SDM 3B, 18.19): cache allocation (CAT) and code and
 * data prioritization (CDP) for L3 and L2, and memory bandwidth allocation (MBA), per CPU.
 */
package org.novaemu.x86.rdt;
