// SPDX-License-Identifier: GPL-2.0-only
/**
 * The x86_64 platform (issue 5, in progress): {@code apic} holds the local APIC (xAPIC and x2APIC, TPR/PPR,
 * IRR/ISR/TMR bitmaps, EOI with directed-EOI suppression, ICR IPIs, LVT, one-shot/periodic/TSC-deadline
 * timer, ESR) and the APIC bus that routes IPIs and messages by physical, logical flat/cluster and x2APIC
 * cluster destination; {@code ioapic} the I/O APIC (version 0x20, EOI register, compatibility and remappable
 * entries, messages with its source ID); {@code vtd} a VT-d unit's DMA remapping (registers, root and
 * context tables, second-level tables, IOTLB and context cache with architected invalidation, fault
 * recording, invalidation queue) and interrupt remapping; {@code nova} the start of NOVA's x86 half, the
 * per-CPU semaphore tables and the interrupt entry. The rest of NOVA's x86 half (the {@code Platform}
 * implementation with assign_dev and assign_int) and the machine builder come next.
 */
package org.novaemu.x86;
