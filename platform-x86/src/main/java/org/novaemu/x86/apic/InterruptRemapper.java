// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

/**
 * What stands between devices' interrupt messages and the APIC bus when an IOMMU remaps interrupts (VT-d
 * chapter 5): it sees every message a device writes to the interrupt window and decides what reaches the
 * APICs.
 */
@FunctionalInterface
public interface InterruptRemapper
{
    /**
     * @param requester the requester ID of the message
     * @param address the message address
     * @param data the message data
     * @return true if the remapper handled the message (delivered it or blocked it), false to let the
     *         window deliver it as a compatibility-format message
     */
    boolean remap(long requester, long address, int data);
}
