// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.devices;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.MmioDevice;
import org.novaemu.pci.Bar;
import org.novaemu.pci.PciFunction;

/**
 * A conventional PCI device with nothing but a level-triggered INTA#: {@link #assertPin} raises it and a
 * driver's write of 0 to its one register (BAR 0, offset 0) acknowledges it, as a device's interrupt
 * status register would. Reading the register returns 1 while the pin is asserted.
 */
public final class PinDevice extends PciFunction
{
    private boolean asserted;

    /**
     * @param name its name
     */
    public PinDevice(final String name)
    {
        super(name, MultiQueueDevice.VENDOR, 0x0102, 0x088000, false, 1);
        bar(0, Bar.memory32(16, new MmioDevice()
        {
            @Override
            public long read(final long offset, final int size, final long requester)
            {
                return offset == 0 && asserted ? 1 : 0;
            }

            @Override
            public void write(final long offset, final int size, final long value, final long requester)
            {
                if (offset == 0 && value == 0)
                {
                    setPin(false);
                }
            }
        }, AccessRule.DWORD));
    }

    /** Asserts INTA# until the driver acknowledges it. */
    public void assertPin()
    {
        setPin(true);
    }

    /** @return whether the device asserts its pin */
    public boolean asserted()
    {
        return asserted;
    }

    private void setPin(final boolean level)
    {
        asserted = level;
        setIntx(level);
    }

    @Override
    protected void resetDevice()
    {
        asserted = false;
    }
}
