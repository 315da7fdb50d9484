// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm;

/** Which SMMU an {@link ArmMachine} has in front of its device DMA, if any; NOVA drives either. */
public enum SmmuModel
{
    /** No SMMU: device DMA reaches memory untranslated. */
    NONE,
    /** An SMMUv2 (Arm IHI 0062) at {@link ArmMachine#SMMUV2_BASE}, driven by NOVA's {@code smmu.cpp}. */
    V2,
    /** An SMMUv3 (Arm IHI 0070) at {@link ArmMachine#SMMU_BASE}, driven by NOVA's {@code smmu_v3.cpp}. */
    V3
}
