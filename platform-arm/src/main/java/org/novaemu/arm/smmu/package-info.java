// SPDX-License-Identifier: GPL-2.0-only
/**
 * The SMMUv3 at register level (Arm System Memory Management Unit architecture, IHI 0070 G.b), with stage 2
 * translation only, as NOVA uses it: {@link org.novaemu.arm.smmu.Smmuv3} is the register file and the bus's DMA
 * translation stage, split by sub-block into the stream table with its configuration cache, stage 2 translation
 * with its TLB, the command queue, the event queue and global error recording. Registers are declared in
 * {@link org.novaemu.arm.smmu.SmmuRegister}; the in-memory formats have codecs a driver builds and reads with
 * ({@link org.novaemu.arm.smmu.Ste}, {@link org.novaemu.arm.smmu.L1Std}, {@link org.novaemu.arm.smmu.Command},
 * {@link org.novaemu.arm.smmu.Event}); {@link org.novaemu.arm.smmu.Stage2Format} is the VMSAv8-64 stage 2
 * descriptor format NOVA's DMA spaces are written in and the SMMU walks.
 *
 * <p>Where the architecture leaves room this SMMU decides as docs/decisions.md rows A100 to A115 say: every
 * update of CR0, IRQ_CTRL and GBPA completes at once; commands run synchronously on PROD writes, one lap per
 * trigger; fetched STEs and walked translations are cached until the architected invalidations; structures and
 * queues live in RAM, anything else is an external abort. Translation hits allocate nothing.
 */
package org.novaemu.arm.smmu;
