// SPDX-License-Identifier: GPL-2.0-only
/**
 * The GICv3 interrupt controller at register level (Arm GIC architecture specification, IHI 0069): the distributor
 * ({@link org.novaemu.arm.gic.Gicd}, SPIs and extended SPIs), one redistributor per PE
 * ({@link org.novaemu.arm.gic.Gicr}: SGIs, PPIs, extended PPIs, LPIs from tables in memory) and one CPU interface
 * per PE ({@link org.novaemu.arm.gic.GicCpuInterface}, the ICC system registers), assembled and mapped on a bus by
 * {@link org.novaemu.arm.gic.Gic}. Registers are declared in {@link org.novaemu.arm.gic.GicdRegister},
 * {@link org.novaemu.arm.gic.GicrRegister} and {@link org.novaemu.arm.gic.IccRegister}; register formats have
 * codecs ({@link org.novaemu.arm.gic.Irouter}, {@link org.novaemu.arm.gic.Sgi1r},
 * {@link org.novaemu.arm.gic.GicdTyper}, {@link org.novaemu.arm.gic.GicrTyper}). A PE's core sees IRQ and FIQ
 * through {@link org.novaemu.arm.gic.GicPins}. The ITS, in {@code org.novaemu.arm.gic.its}, makes LPIs
 * pending on the redistributors through {@link org.novaemu.arm.gic.Gicr#setLpiPending} and its relatives.
 *
 * <p>Where the architecture leaves room this GIC decides as docs/decisions.md rows A1 to A15 say: one security
 * state, affinity routing only, five priority bits, LPI configuration cached until invalidated, 1-of-N routing
 * round robin. Each redistributor keeps the interrupts ready for its PE ordered by priority, so delivery and
 * acknowledge take a bounded number of steps and allocate nothing.
 */
package org.novaemu.arm.gic;
