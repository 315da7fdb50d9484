// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import org.novaemu.trace.TraceKind;
import org.novaemu.trace.TraceRole;

/** Trace kinds of the x86 platform (codes {@code 0x200-0x2ff}, decision T2); arguments listed as (a, b, c). */
public enum X86Trace implements TraceKind.Described
{
    /** A local APIC accepted a fixed interrupt into IRR: (CPU, vector, 1 if level-triggered). */
    DELIVER(0x200, TraceRole.DELIVER, "cpu vector level"),
    /** The kernel's interrupt entry acknowledged a vector (INTA, IRR to ISR): (vector, 0, 0). */
    ACK(0x201, TraceRole.ACK, "vector b c"),
    /** The kernel's interrupt entry wrote the EOI for a vector: (vector, 0, 0). */
    EOI(0x202, TraceRole.INSTANT, "vector b c"),
    /** VT-d blocked a DMA request: (source ID, fault record info: the page address, reason | 0x100 if a write). */
    IOMMU_FAULT(0x203, TraceRole.DEVICE, "sid info reason"),
    /** VT-d interrupt remapping blocked an MSI: (source ID, fault record info: the IRTE index, reason). */
    MSI_BLOCKED(0x204, TraceRole.DEVICE, "sid info reason");

    private final Spec spec;

    X86Trace(final int code, final TraceRole role, final String args)
    {
        this.spec = new Spec(code, role, args);
    }

    @Override
    public Spec spec()
    {
        return spec;
    }

    @Override
    public String label(final long a, final long b, final long c)
    {
        return switch (this)
        {
            case DELIVER -> "deliver vector " + b;
            case ACK -> "ack vector " + a;
            case EOI -> "EOI " + a;
            default -> name();
        };
    }
}
