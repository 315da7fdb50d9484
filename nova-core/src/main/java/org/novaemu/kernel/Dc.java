// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A device context: the device topology descriptor (DTD) that names a device and the units that translate
 * its DMA and its message-signalled interrupts (x86: segment:bus:device.function and the IOMMU; Arm:
 * StreamID, DeviceID, SMMU and GIC ITS). The kernel records the three DTD words; the platform interprets
 * them when a device or an interrupt is assigned.
 */
public final class Dc extends Kobject
{
    private final long dtd0;
    private final long dtd1;
    private final long dtd2;
    /** How many assign_dev calls through this DC completed: one that completes meanwhile prevails (K47). */
    int assignments;

    Dc(final long dtd0, final long dtd1, final long dtd2)
    {
        super(Kind.DC);
        this.dtd0 = dtd0;
        this.dtd1 = dtd1;
        this.dtd2 = dtd2;
    }

    /**
     * @param word 0, 1 or 2
     * @return that DTD word
     */
    public long dtd(final int word)
    {
        return word == 0 ? dtd0 : word == 1 ? dtd1 : dtd2;
    }
}
