// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

/**
 * The PCI Express capability, version 2 (PCI Express Base 6.0, section 7.5.3): the device or port type,
 * device capabilities with Function Level Reset, device control and status, and link registers that read
 * as a trained x1 link. Writing Initiate Function Level Reset resets the function; the bit reads as zero.
 */
public final class PcieCapability extends Capability
{
    /** Port type: PCI Express endpoint. */
    public static final int ENDPOINT = 0;
    /** Port type: root port of a root complex. */
    public static final int ROOT_PORT = 4;
    /** Port type: upstream port of a switch. */
    public static final int SWITCH_UPSTREAM = 5;
    /** Port type: downstream port of a switch. */
    public static final int SWITCH_DOWNSTREAM = 6;
    /** Port type: PCI Express to PCI/PCI-X bridge. */
    public static final int PCIE_TO_PCI_BRIDGE = 7;
    /** Port type: root complex integrated endpoint. */
    public static final int INTEGRATED_ENDPOINT = 9;

    /** Device Capabilities: Function Level Reset capable. */
    public static final int DEVCAP_FLR = 1 << 28;
    /** Device Control: Initiate Function Level Reset. */
    public static final int DEVCTL_FLR = 1 << 15;

    private static final int DEVCAP = 4;
    private static final int DEVCTL = 8;
    private static final int DEVSTA = 0xa;
    private static final int LNKCAP = 0xc;
    private static final int LNKCTL = 0x10;
    private static final int LNKSTA = 0x12;
    private static final int SLTCTL = 0x18;
    private static final int SLTSTA = 0x1a;
    private static final int ROOTCTL = 0x1c;
    private static final int ROOTSTA = 0x20;
    private static final int DEVCTL2 = 0x28;
    private static final int LNKCTL2 = 0x30;

    private final int type;
    private final boolean flr;
    private long resets;

    /**
     * @param type the device or port type
     * @param flr whether the function supports Function Level Reset
     */
    public PcieCapability(final int type, final boolean flr)
    {
        if (type < 0 || type > 10 || type == 2 || type == 3 || type == 8)
        {
            throw new IllegalArgumentException("type must be a defined device/port type, was " + type);
        }
        this.type = type;
        this.flr = flr;
    }

    @Override
    public int id()
    {
        return ID_PCIE;
    }

    @Override
    public int length()
    {
        return 0x3c;
    }

    /** @return the device or port type */
    public int type()
    {
        return type;
    }

    /** @return how many function level resets the guest initiated */
    public long resets()
    {
        return resets;
    }

    @Override
    protected void init()
    {
        final ConfigSpace c = config();
        final int at = offset();
        final boolean port = type == ROOT_PORT || type == SWITCH_DOWNSTREAM;
        c.init(at + 2, 2, 2 | type << 4 | (port ? 1 << 8 : 0)); // ports have a slot
        c.init(at + DEVCAP, 4, 1 | 1 << 15 | (flr ? DEVCAP_FLR : 0)); // 256-byte payload, role-based errors
        c.init(at + DEVCTL, 2, 0x2810); // relaxed ordering, 512-byte read requests, no snoop: the reset default
        c.initWritable(at + DEVCTL, 2, 0x7fff);
        c.initClearable(at + DEVSTA, 2, 0xf);
        // 2.5 GT/s, x1; ports report data-link-layer activity, so they say they can.
        c.init(at + LNKCAP, 4, 1 | 1 << 4 | (port ? 1 << 20 : 0));
        c.initWritable(at + LNKCTL, 2, 0x0fc3);
        c.init(at + LNKSTA, 2, 1 | 1 << 4 | (port ? 1 << 13 : 0));
        if (port)
        {
            c.initWritable(at + SLTCTL, 2, 0x1fff);
            c.initClearable(at + SLTSTA, 2, 0x11f);
        }
        if (type == ROOT_PORT)
        {
            c.initWritable(at + ROOTCTL, 2, 0x0f); // no CRS software visibility (Root Capabilities 0)
            c.initClearable(at + ROOTSTA, 4, 1 << 16);
        }
        // Device Capabilities 2 is 0: nothing in Device Control 2 is writable.
        c.init(at + LNKCTL2, 2, 1);
        c.initWritable(at + LNKCTL2, 2, 0x0fff);
    }

    @Override
    protected void written(final int at, final int size, final int value)
    {
        final int devctl = offset() + DEVCTL;
        if (flr && at <= devctl + 1 && at + size > devctl + 1 && (value >>> 8 * (devctl + 1 - at) & 0x80) != 0)
        {
            resets++;
            function().reset();
        }
    }
}
