// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

/**
 * The Access Control Services extended capability of a root port or switch downstream port (PCI Express
 * Base 6.0, section 7.7.8), with ACS Source Validation (6.12.1.1) as the one control it implements: while
 * enabled, an upstream request whose requester ID names a bus outside the port's secondary to subordinate
 * range is an ACS violation and goes no further. The control is clear at reset, as on hardware, so that
 * software (the root task) decides when to validate.
 *
 * <p>The capability register advertises Source Validation only; the controls of the features it does not
 * advertise (translation blocking, peer-to-peer redirects, upstream forwarding, egress control) are
 * hardwired to zero, as the specification requires of unimplemented ones.
 */
public final class AcsCapability extends Capability
{
    /** Capability and control bit of ACS Source Validation (V). */
    public static final int SOURCE_VALIDATION = 1;

    private static final int CAPABILITY = 4;
    private static final int CONTROL = 6;

    private long violations;

    @Override
    public int id()
    {
        return EXT_ID_ACS;
    }

    @Override
    public boolean extended()
    {
        return true;
    }

    @Override
    public int length()
    {
        return 8;
    }

    /** @return whether software enabled source validation */
    public boolean sourceValidation()
    {
        return (config().read(offset() + CONTROL, 2) & SOURCE_VALIDATION) != 0;
    }

    /** @return the requests this port refused as ACS violations since it was built */
    public long violations()
    {
        return violations;
    }

    /**
     * Source validation of an upstream request that entered the port from below.
     *
     * @param sourceId the request's 16-bit requester ID (bus [15:8])
     * @return whether the request may pass: validation is off, or its bus lies in the port's range
     */
    boolean admits(final int sourceId)
    {
        if (!sourceValidation())
        {
            return true;
        }
        final int bus = sourceId >>> 8 & 0xff;
        final ConfigSpace c = config();
        if (bus >= c.read(Header.SECONDARY_BUS.offset(), 1) && bus <= c.read(Header.SUBORDINATE_BUS.offset(), 1))
        {
            return true;
        }
        violations++;
        return false;
    }

    @Override
    protected void init()
    {
        final ConfigSpace c = config();
        c.init(offset() + CAPABILITY, 2, SOURCE_VALIDATION);
        c.init(offset() + CONTROL, 2, 0);
        c.initWritable(offset() + CONTROL, 2, SOURCE_VALIDATION);
    }
}
