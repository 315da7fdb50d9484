// SPDX-License-Identifier: GPL-2.0-only
/**
 * The x86_64 platform. {@code apic}: the local APIC (xAPIC and x2APIC, TPR/PPR, IRR/ISR/TMR bitmaps, EOI
 * with directed-EOI suppression, ICR IPIs with a send latency, LVT, one-shot/periodic/TSC-deadline timer,
 * ESR), the APIC bus (physical, logical flat/cluster and x2APIC cluster destinations, lowest priority) and
 * the APIC window. {@code ioapic}: the I/O APIC (version 0x20, EOI register, compatibility and remappable
 * entries, messages with its source ID). {@code vtd}: a VT-d unit's DMA remapping (registers, root and
 * context tables, second-level tables, IOTLB and context cache with architected invalidation, fault
 * recording, invalidation queue) and interrupt remapping, and the units of several segments. {@code nova}:
 * NOVA's x86 half, {@code X86Platform} (assign_int and assign_dev, directed EOI, the kernel's IPIs and
 * timer, architectural state), its VT-d driver {@code Dmar}, and the per-CPU semaphore tables with the
 * interrupt entry. {@link org.novaemu.x86.X86Machine} builds whole machines from them.
 */
package org.novaemu.x86;
