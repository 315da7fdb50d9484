// SPDX-License-Identifier: GPL-2.0-only
/**
 * The ARMv8-A platform: the CPU side ({@code cpu}: affinity, system counter, Generic Timers), the firmware's
 * PSCI ({@code firmware}), the Arm half of the NOVA kernel ({@code nova}), the GICv3 distributor,
 * redistributors and CPU interface ({@code gic}), the GIC ITS ({@code gic.its}), the bare EL1 cores
 * ({@code core}), the PCI Express root complexes' ID maps ({@code pcie}), and the SMMUs in front of device DMA:
 * the SMMUv3 ({@code smmu}) or the SMMUv2 ({@code smmu.v2}), one per machine as {@link org.novaemu.arm.SmmuModel}
 * chooses.
 */
package org.novaemu.arm;
