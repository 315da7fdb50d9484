// SPDX-License-Identifier: GPL-2.0-only
/**
 * The SMMUv2 at register level (Arm System Memory Management Unit architecture version 2, IHI 0062D), with
 * stage 2 translation only, as NOVA's AArch64 {@code smmu.cpp} drives it: {@link org.novaemu.arm.smmu.v2.Smmuv2}
 * is the register file and the bus's DMA translation stage, split by sub-block into stream matching (SMRn and
 * S2CRn with a per-StreamID cache of the match), the translation context banks, the stage 2 walk with its TLB,
 * and global fault recording. Registers and fields are declared in
 * {@link org.novaemu.arm.smmu.v2.Smmuv2Register}; the walk reads the descriptors of
 * {@link org.novaemu.arm.smmu.Stage2Format}, the format NOVA's DMA spaces are written in.
 *
 * <p>Where the architecture leaves room this SMMU decides as docs/decisions.md rows A160 to A169 say: reset
 * bypasses (CLIENTPD 1), SMRs invalid and S2CRs faulting; stream match outcomes are cached per StreamID until an
 * SMR write; walked translations are cached until the architected invalidations, which complete at once (unless
 * the implementation defined sACR.SYNCHOLD holds synchronizations active); faults are recorded and block the
 * transaction; the interrupts are levels. Translation hits allocate nothing.
 */
package org.novaemu.arm.smmu.v2;
