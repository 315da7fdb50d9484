// SPDX-License-Identifier: GPL-2.0-only
/**
 * NOVA's AArch64 half (specification chapter 7) on the Arm models, apart from the interrupt controller:
 * {@link org.novaemu.arm.nova.ArmPlatform} plays the small roles (memory layout and host space, exceptions and
 * UTCB layout through {@link org.novaemu.arm.nova.ArchState} and {@link org.novaemu.arm.nova.Esr}, the HIP's
 * Arm part, MADs, ctrl_hw through PSCI, no classes of service) and {@link org.novaemu.arm.nova.HypTimer} is
 * NOVA's timer on the EL2 physical timer. The GIC driver and the SMMU driver
 * ({@link org.novaemu.arm.nova.SmmuV3Driver} or {@link org.novaemu.arm.nova.SmmuV2Driver}) come in through
 * {@link org.novaemu.arm.nova.ArmPlatform#roles}.
 */
package org.novaemu.arm.nova;
