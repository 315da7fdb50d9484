// SPDX-License-Identifier: GPL-2.0-only
/**
 * The x86_64 platform. {@code apic}: the local APIC (xAPIC and x2APIC, TPR/PPR, IRR/ISR/TMR bitmaps, EOI
 * with directed-EOI suppression, ICR IPIs with a send latency, LVT, one-shot/periodic/TSC-deadline timer,
 * ESR), the APIC bus (physical, logical flat/cluster and x2APIC cluster destinations, lowest priority) and
 * the APIC window. {@code ioapic}: the I/O APIC (version 0x20, EOI register, compatibility and remappable
 * entries, messages with its source ID). {@code vtd}: a VT-d unit's DMA remapping (registers, root and
 * context tables, second-level tables, IOTLB and context cache with architected invalidation, fault
 * recording, invalidation queue) and interrupt remapping, and the units of several segments. {@code nova}:
 * NOVA's x86 half in NOVA's classes: {@code InterruptEntry} (assign_int's routes, the interrupt entry,
 * IPIs), {@code DeadlineTimer}, {@code Smmu} over one {@code SmmuItl} per VT-d unit (assign_dev), and
 * {@code X86Platform}, which hands them to the kernel with the small roles (layout, UTCB layout, HIP, MAD).
 * Registers and in-memory formats are declared once ({@code ApicRegister}, {@code IoApicRegister},
 * {@code VtdRegister}; {@code Irte}, {@code RedirectionEntry}, {@code MsiMessage} ...) and used by both the
 * models and NOVA's half. {@code isa}: the 8254 PIT and the RTC. {@code cpu}: a ring-0 processor core for
 * machines without the kernel. {@link org.novaemu.x86.X86Machine} builds whole machines from them, with NOVA
 * or bare.
 */
package org.novaemu.x86;
