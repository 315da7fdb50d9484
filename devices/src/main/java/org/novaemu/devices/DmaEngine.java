// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.devices;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.MmioDevice;
import org.novaemu.pci.Bar;
import org.novaemu.pci.MsiCapability;
import org.novaemu.pci.PciFunction;
import org.novaemu.pci.PcieCapability;
import org.novaemu.sim.Engine;
import org.novaemu.util.Require;

/**
 * A DMA engine: copies {@link Register#LENGTH} bytes from {@link Register#SOURCE} to
 * {@link Register#DESTINATION} (device-visible addresses, translated by any IOMMU) when {@link Register#GO}
 * is written, with the registers' values at that moment, takes {@code length / bytesPerCycle} cycles, then
 * sets {@link Register#STATUS} and signals its MSI. A read or write the translation blocks ends the copy
 * with the error bit; nothing from the blocked page on is written. Its registers are BAR 0 (4 KiB, 32- and 64-bit
 * accesses).
 */
public final class DmaEngine extends PciFunction
{
    /** The registers in BAR 0. */
    public enum Register
    {
        /** Source address, 64 bits. */
        SOURCE(0x00),
        /** Destination address, 64 bits. */
        DESTINATION(0x08),
        /** Length in bytes, 32 bits, at most 1 MiB. */
        LENGTH(0x10),
        /** Write anything: start the copy (ignored while busy). */
        GO(0x14),
        /** Read-only: bit 0 busy, bit 1 done, bit 2 error. Cleared by GO. */
        STATUS(0x18);

        private final int offset;

        Register(final int offset)
        {
            this.offset = offset;
        }

        /** @return the offset in BAR 0 */
        public int offset()
        {
            return offset;
        }
    }

    /** Status: a copy is running. */
    public static final int BUSY = 1;
    /** Status: the last copy finished. */
    public static final int DONE = 2;
    /** Status: the last copy hit a blocked or refused access. */
    public static final int ERROR = 4;
    /** The largest copy. */
    public static final int MAX_LENGTH = 1 << 20;

    private static final int CHUNK = 4096;

    private final Engine engine;
    private final int bytesPerCycle;
    private final MsiCapability msi;
    private final int timer;
    private final byte[] buffer = new byte[CHUNK];
    private long source;
    private long destination;
    private int length;
    private int status;
    private long copySource;
    private long copyDestination;
    private int copyLength;

    /**
     * @param name its name
     * @param engine the engine that times its copies
     * @param bytesPerCycle its copy bandwidth
     */
    public DmaEngine(final String name, final Engine engine, final int bytesPerCycle)
    {
        super(name, MultiQueueDevice.VENDOR, 0x0101, 0x088000, false, 0);
        Require.nonNull("engine", engine);
        Require.positive("bytesPerCycle", bytesPerCycle);
        this.engine = engine;
        this.bytesPerCycle = bytesPerCycle;
        bar(0, Bar.memory64(4096, false, new Registers(), AccessRule.DWORD_QWORD));
        capability(new PcieCapability(PcieCapability.ENDPOINT, true));
        this.msi = capability(new MsiCapability(1, true, false));
        this.timer = engine.newTimer(arg -> finish(), 0);
    }

    /** @return the status register */
    public int status()
    {
        return status;
    }

    private void go()
    {
        if ((status & BUSY) != 0)
        {
            return;
        }
        status = BUSY;
        copySource = source; // the copy uses the registers as they were at GO
        copyDestination = destination;
        copyLength = length;
        engine.arm(timer, engine.now() + Math.max(1, length / bytesPerCycle));
    }

    /**
     * The copy's time has passed: move the bytes in pieces that cross no 4 KiB boundary of source or
     * destination, and stop at the first piece that is blocked, so nothing after a fault is written.
     */
    private void finish()
    {
        boolean ok = true;
        int done = 0;
        while (ok && done < copyLength)
        {
            final long s = copySource + done;
            final long d = copyDestination + done;
            final int n = (int) Math.min(copyLength - done, Math.min(CHUNK - (s & CHUNK - 1), CHUNK - (d & CHUNK - 1)));
            ok = dmaRead(s, buffer, 0, n) && dmaWrite(d, buffer, 0, n);
            done += n;
        }
        status = DONE | (ok ? 0 : ERROR);
        msi.signal(0);
    }

    @Override
    protected void resetDevice()
    {
        engine.cancel(timer);
        source = 0;
        destination = 0;
        length = 0;
        status = 0;
    }

    /** BAR 0. */
    private final class Registers implements MmioDevice
    {
        @Override
        public long read(final long offset, final int size, final long requester)
        {
            final long v;
            if (offset == Register.SOURCE.offset())
            {
                v = source;
            }
            else if (offset == Register.DESTINATION.offset())
            {
                v = destination;
            }
            else if (offset == Register.LENGTH.offset())
            {
                v = length;
            }
            else if (offset == Register.STATUS.offset())
            {
                v = status;
            }
            else if (offset == Register.SOURCE.offset() + 4 || offset == Register.DESTINATION.offset() + 4)
            {
                return (offset < 8 ? source : destination) >>> 32;
            }
            else
            {
                v = 0;
            }
            return v;
        }

        @Override
        public void write(final long offset, final int size, final long value, final long requester)
        {
            if (offset == Register.SOURCE.offset())
            {
                source = size == 8 ? value : source & ~0xffffffffL | value;
            }
            else if (offset == Register.SOURCE.offset() + 4)
            {
                source = source & 0xffffffffL | value << 32;
            }
            else if (offset == Register.DESTINATION.offset())
            {
                destination = size == 8 ? value : destination & ~0xffffffffL | value;
            }
            else if (offset == Register.DESTINATION.offset() + 4)
            {
                destination = destination & 0xffffffffL | value << 32;
            }
            else if (offset == Register.LENGTH.offset())
            {
                length = (int) Math.min(value & 0xffffffffL, MAX_LENGTH);
                if (size == 8)
                {
                    go(); // the upper half is GO
                }
            }
            else if (offset == Register.GO.offset())
            {
                go();
            }
        }
    }
}
