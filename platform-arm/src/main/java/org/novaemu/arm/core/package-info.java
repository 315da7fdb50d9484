// SPDX-License-Identifier: GPL-2.0-only
/**
 * The Arm processing element without a kernel: {@link org.novaemu.arm.core.El1Core} holds what the Arm ARM's
 * AArch64 system level programmers' model calls a PE's exception and interrupt state at EL1 (PSTATE.{D, A, I, F},
 * SPSR_EL1, ELR_EL1, ESR_EL1, FAR_EL1, VBAR_EL1 and the vector table, ERET, WFI, the IRQ and FIQ signals of its
 * GICv3 CPU interface) and runs an {@link org.novaemu.arm.core.El1Program} one A64 instruction per step through
 * the {@link org.novaemu.arm.core.El1} view. The EL3 firmware's PSCI starts the secondary PEs
 * ({@link org.novaemu.arm.core.El1Cores}). A package of its own because it joins the CPU side
 * ({@code org.novaemu.arm.cpu}), the GIC and the firmware, which the GIC's package itself builds on.
 */
package org.novaemu.arm.core;
