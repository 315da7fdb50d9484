// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

/**
 * The SR-IOV extended capability (PCI Express Base 6.0, section 9.3.3), as a physical function presents
 * it: TotalVFs, InitialVFs, First VF Offset, VF Stride, VF Device ID, supported page sizes and VF BARs
 * read as specified and NumVFs, VF Enable and the system page size are writable. Virtual functions do not
 * appear when enabled (docs/decisions.md P6).
 */
public final class SriovCapability extends Capability
{
    private final int totalVfs;
    private final int firstOffset;
    private final int stride;
    private final int vfDevice;

    /**
     * @param totalVfs TotalVFs, 1 to 65535
     * @param firstOffset First VF Offset (routing ID offset of VF 1)
     * @param stride VF Stride
     * @param vfDevice the VFs' device ID
     */
    public SriovCapability(final int totalVfs, final int firstOffset, final int stride, final int vfDevice)
    {
        if (totalVfs < 1 || totalVfs > 0xffff || firstOffset < 0 || firstOffset > 0xffff || stride < 0
            || stride > 0xffff)
        {
            throw new IllegalArgumentException("totalVfs, firstOffset and stride must be 16-bit values, totalVfs > 0");
        }
        this.totalVfs = totalVfs;
        this.firstOffset = firstOffset;
        this.stride = stride;
        this.vfDevice = vfDevice;
    }

    @Override
    public int id()
    {
        return EXT_ID_SRIOV;
    }

    @Override
    public boolean extended()
    {
        return true;
    }

    @Override
    public int length()
    {
        return 0x40;
    }

    @Override
    protected void init()
    {
        final ConfigSpace c = config();
        final int at = offset();
        c.initWritable(at + 8, 2, 0x19);             // SR-IOV control: VF enable, MSE, ARI hierarchy (no migration)
        c.init(at + 0xc, 2, totalVfs);                // InitialVFs
        c.init(at + 0xe, 2, totalVfs);                // TotalVFs
        c.initWritable(at + 0x10, 2, 0xffff);         // NumVFs
        c.init(at + 0x14, 2, firstOffset);
        c.init(at + 0x16, 2, stride);
        c.init(at + 0x1a, 2, vfDevice);
        c.init(at + 0x1c, 4, 0x553);                  // supported page sizes: 4K, 8K, 64K, 256K, 1M, 4M
        c.init(at + 0x20, 4, 1);                      // system page size: 4 KiB
        c.initWritable(at + 0x20, 4, 0x553);
    }

    /** @return NumVFs as the guest set it */
    public int numVfs()
    {
        return config().read(offset() + 0x10, 2);
    }
}
