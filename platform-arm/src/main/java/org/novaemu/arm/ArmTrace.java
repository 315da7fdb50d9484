// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm;

import org.novaemu.trace.TraceKind;
import org.novaemu.trace.TraceRole;

/** Trace kinds of the Arm platform (codes {@code 0x300-0x3ff}, decision T2); arguments listed as (a, b, c). */
public enum ArmTrace implements TraceKind.Described
{
    /** An LPI became pending at a redistributor (the ITS's translation), or an SPI forwarded to one: (PE, INTID, 0). */
    DELIVER(0x300, TraceRole.DELIVER, "cpu intid c"),
    /** The kernel's interrupt entry acknowledged an INTID (ICC_IAR1_EL1): (INTID, 0, 0). */
    ACK(0x301, TraceRole.ACK, "intid b c"),
    /** The interrupt entry's priority drop (ICC_EOIR1_EL1): (INTID, 0, 0). */
    EOI(0x302, TraceRole.INSTANT, "intid b c"),
    /** The ITS dropped a device's write to GITS_TRANSLATER: (requester ID, EventID, 1 if the ITS is disabled). */
    ITS_DROP(0x303, TraceRole.DEVICE, "requester event disabled"),
    /**
     * An SMMU terminated a transaction: (StreamID, input address, reason | 0x100 for a write). The reason is the
     * SMMUv3 event type (an F_ or C_ record, whether or not the STE has it recorded), or on the SMMUv2 0x40 plus the
     * FSR bit of a context fault, or 0x80 plus the sGFSR bit of a global one.
     */
    SMMU_FAULT(0x304, TraceRole.INSTANT, "sid address reason");

    private final Spec spec;

    ArmTrace(final int code, final TraceRole role, final String args)
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
            case DELIVER -> "deliver INTID " + b;
            case ACK -> "ack INTID " + a;
            case EOI -> "EOI " + a;
            case SMMU_FAULT -> "SMMU fault " + Long.toHexString(c & 0xff);
            default -> name();
        };
    }
}
