// SPDX-License-Identifier: GPL-2.0-only
/**
 * The GICv3 Interrupt Translation Service (Arm GIC architecture specification, IHI 0069, chapter 6):
 * {@link org.novaemu.arm.gic.its.Its} translates a device's MSI, its DeviceID from the requester and its EventID from
 * the data, into an LPI pending on a redistributor of its {@link org.novaemu.arm.gic.Gic}. Its registers are declared
 * in {@link org.novaemu.arm.gic.its.ItsRegister} and {@link org.novaemu.arm.gic.its.GitsTyper}; its commands have a
 * codec, {@link org.novaemu.arm.gic.its.ItsCommand}, and their errors the architecture's encodings,
 * {@link org.novaemu.arm.gic.its.ItsError}. Inside, the command queue, the tables in memory with their own entry
 * formats, and the translation cache are one class each.
 *
 * <p>Where the architecture leaves room the ITS decides as docs/decisions.md rows A80 to A89 say.
 */
package org.novaemu.arm.gic.its;
