// SPDX-License-Identifier: GPL-2.0-only
/**
 * The physical address map (RAM and MMIO regions with access rules), CPU accesses, and the DMA path with requester IDs
 * and a pluggable translation stage where IOMMUs sit; message-signalled interrupts travel it as DMA writes.
 */
package org.novaemu.bus;
