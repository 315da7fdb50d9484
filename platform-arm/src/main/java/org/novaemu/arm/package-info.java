// SPDX-License-Identifier: GPL-2.0-only
/**
 * The ARMv8-A platform: the CPU side ({@code cpu}: affinity, system counter, Generic Timers), the firmware's
 * PSCI ({@code firmware}), the Arm half of the NOVA kernel ({@code nova}), and the GICv3 distributor,
 * redistributors and CPU interface ({@code gic}) and the GIC ITS ({@code gic.its}). The SMMUv3 is to come.
 */
package org.novaemu.arm;
