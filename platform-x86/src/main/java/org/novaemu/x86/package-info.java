// SPDX-License-Identifier: GPL-2.0-only
/**
 * The x86_64 platform (issue 5, in progress): {@code apic} holds the local APIC (xAPIC and x2APIC, TPR/PPR,
 * IRR/ISR/TMR bitmaps, EOI with directed-EOI suppression, ICR IPIs, LVT, one-shot/periodic/TSC-deadline
 * timer, ESR) and the APIC bus that routes IPIs and messages by physical, logical flat/cluster and x2APIC
 * cluster destination; {@code ioapic} the I/O APIC (version 0x20, EOI register, compatibility and remappable
 * entries, messages with its source ID); {@code vtd} a VT-d unit's DMA remapping (registers, root and
 * context tables, second-level tables, IOTLB and context cache with architected invalidation, fault
 * recording, invalidation queue) and interrupt remapping; {@code nova} NOVA's x86 half: {@code X86Platform} (assign_int
 * and assign_dev through VT-d, directed EOI, architectural state) with the per-CPU semaphore tables and
 * the interrupt entry. The machine builder and the end-to-end demo come next.
 */
package org.novaemu.x86;
