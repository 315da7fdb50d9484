// SPDX-License-Identifier: GPL-2.0-only
/**
 * What every machine has, whatever its architecture: the engine, the bus with RAM, PCI segments with their
 * ECAM windows populated and their BARs assigned as firmware does, and the kernel booted on a platform. An
 * architecture's machine ({@code X86Machine}, {@code ArmMachine}) extends {@link org.novaemu.machine.Machine}
 * and its builder {@link org.novaemu.machine.MachineBuilder} with its interrupt controllers, IOMMU and
 * memory map.
 */
package org.novaemu.machine;
