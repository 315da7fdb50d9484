// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

/**
 * A capability structure in a function's configuration space: a standard capability in the list that
 * starts at the capabilities pointer, or an extended one in the list at 0x100. The function places it and
 * tells it of guest writes that touch it, after the masks have been applied.
 */
public abstract class Capability
{
    /** Standard capability ID of power management. */
    public static final int ID_PM = 0x01;
    /** Standard capability ID of MSI. */
    public static final int ID_MSI = 0x05;
    /** Standard capability ID of PCI Express. */
    public static final int ID_PCIE = 0x10;
    /** Standard capability ID of MSI-X. */
    public static final int ID_MSIX = 0x11;
    /** Extended capability ID of Access Control Services. */
    public static final int EXT_ID_ACS = 0x000d;
    /** Extended capability ID of SR-IOV. */
    public static final int EXT_ID_SRIOV = 0x0010;

    private PciFunction function;
    private int offset = -1;

    /** @return the capability ID */
    public abstract int id();

    /** @return whether it is an extended capability (at 0x100 or above) */
    public boolean extended()
    {
        return false;
    }

    /** @return the extended capability's version (bits 19:16 of its header) */
    public int version()
    {
        return 1;
    }

    /** @return its length in bytes, header included */
    public abstract int length();

    /** Sets the structure's reset values and masks; the header (ID and next pointer) is set already. */
    protected abstract void init();

    /**
     * A guest write touched the capability; the configuration space holds the result already.
     *
     * @param at the offset written, in configuration space
     * @param size the size written
     * @param value the value as written, before the masks (for command bits that read as zero)
     */
    protected void written(final int at, final int size, final int value)
    {
    }

    /** The function was reset: the configuration space is at its reset values; drop any other state. */
    protected void reset()
    {
    }

    final void place(final PciFunction owner, final int at)
    {
        this.function = owner;
        this.offset = at;
        init();
    }

    /** @return the function it belongs to */
    public final PciFunction function()
    {
        return function;
    }

    /** @return its offset in configuration space */
    public final int offset()
    {
        return offset;
    }

    /** @return the function's configuration space */
    protected final ConfigSpace config()
    {
        return function.config();
    }
}
