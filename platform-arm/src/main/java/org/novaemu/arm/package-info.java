// SPDX-License-Identifier: GPL-2.0-only
/**
 * The ARMv8-A platform: CPU, GICv3 distributor, redistributors and CPU interface, GIC ITS, SMMUv3, and the Arm half of
 * the NOVA kernel. Not yet built; until then the module holds nothing but this description.
 */
package org.novaemu.arm;
