// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.devices;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.MmioDevice;
import org.novaemu.pci.Bar;
import org.novaemu.pci.MsiCapability;
import org.novaemu.pci.MsixCapability;
import org.novaemu.pci.PciFunction;
import org.novaemu.pci.PcieCapability;
import org.novaemu.pci.PmCapability;
import org.novaemu.sim.Engine;
import org.novaemu.util.Require;

/**
 * A multi-queue device in the manner of a NIC or an NVMe controller: {@code queues} queues, one MSI-X
 * vector each (up to 2,048), raised on command ({@link #raise}, or a write of the queue number to
 * {@link Register#RAISE}) or at a programmable rate, round robin over the queues. Like a completion
 * queue entry, each interrupt is preceded by a write-back when an address is programmed: the device writes
 * the simulated time at which it raised queue q, 64 bits, by DMA to {@code address + 8 q}, so that a
 * driver can measure its interrupt latency from memory alone. It falls back to MSI
 * (one vector) and then to an INTx level, which reading {@link Register#RAISED} acknowledges, when MSI-X is
 * not enabled. A message the device aims at its own RAISE register raises nothing.
 *
 * <p>BAR 0 holds its registers (64-bit, 4 KiB), BAR 2 the MSI-X table and PBA (64-bit, exclusive).
 */
public final class MultiQueueDevice extends PciFunction
{
    /** The registers in BAR 0, 32 bits each. */
    public enum Register
    {
        /** Read-only: the number of queues. */
        QUEUES(0x00),
        /** Write a queue number: its interrupt is raised now. */
        RAISE(0x04),
        /** Cycles between interrupts raised by the device itself, 0 to stop (the reset value). */
        PERIOD(0x08),
        /** Read-only: interrupts raised so far (low 32 bits). */
        RAISED(0x0c),
        /** Write-back address, low half: bits 31:3 (bits 2:0 read as zero). */
        WRITEBACK_LO(0x10),
        /** Write-back address, high half. Address 0 (the reset value) turns write-back off. */
        WRITEBACK_HI(0x14),
        /** Read-only: write-backs the bus refused or an IOMMU blocked (low 32 bits). */
        DMA_ERRORS(0x18),
        /** The queue the rate timer raises next; a write is taken modulo the number of queues. */
        NEXT(0x1c);

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

    /** Vendor ID of the reference devices (the same as the generic bridges'). */
    public static final int VENDOR = 0x1b36;

    private final int queues;
    private final Engine engine;
    private final MsixCapability msix;
    private final MsiCapability msi;
    private final int timer;
    private long period;
    private int next;
    private long raised;
    private final long[] raisedPerQueue;
    private long sent;
    private long writeback;
    private long dmaErrors;
    private boolean raising;

    /**
     * @param name its name
     * @param queues the number of queues and MSI-X vectors, 1 to 2,048
     * @param engine the engine its rate timer runs on
     */
    public MultiQueueDevice(final String name, final int queues, final Engine engine)
    {
        super(name, VENDOR, 0x0100, 0x020000, false, 1);
        Require.inRange("queues", queues, 1, MsixCapability.MAX_VECTORS);
        Require.nonNull("engine", engine);
        this.queues = queues;
        this.engine = engine;
        this.raisedPerQueue = new long[queues];
        bar(0, Bar.memory64(4096, false, new Registers(), AccessRule.DWORD));
        capability(new PcieCapability(PcieCapability.ENDPOINT, true));
        capability(new PmCapability());
        this.msi = capability(new MsiCapability(1, true, true));
        this.msix = capability(MsixCapability.exclusive(queues, 2));
        bar(2, Bar.memory64(MsixCapability.exclusiveBarSize(queues), false, msix.mmio(), AccessRule.DWORD_QWORD));
        this.timer = engine.newTimer(arg -> tick(), 0);
    }

    /** @return the number of queues */
    public int queues()
    {
        return queues;
    }

    /** @return its MSI-X capability */
    public MsixCapability msix()
    {
        return msix;
    }

    /** @return its MSI capability */
    public MsiCapability msi()
    {
        return msi;
    }

    /** @return interrupts raised */
    public long raised()
    {
        return raised;
    }

    /**
     * @param queue a queue
     * @return interrupts raised for it
     */
    public long raised(final int queue)
    {
        return raisedPerQueue[queue];
    }

    /** @return write-backs that were refused or blocked */
    public long dmaErrors()
    {
        return dmaErrors;
    }

    /** @return interrupts that left as messages at once (not latched as pending, not refused) */
    public long sent()
    {
        return sent;
    }

    /**
     * Raises a queue's interrupt: its MSI-X vector, else the MSI vector, else an INTx pulse.
     *
     * @param queue the queue, below {@link #queues()}; others are ignored
     * @return whether a message left
     */
    public boolean raise(final int queue)
    {
        if (queue < 0 || queue >= queues || raising)
        {
            return false; // a message aimed at the device's own RAISE register does not raise again
        }
        raising = true;
        raised++;
        raisedPerQueue[queue]++;
        if (writeback != 0 && !dmaWrite(writeback + 8L * queue, 8, engine.now()))
        {
            dmaErrors++; // the interrupt still follows, as a device reports completion regardless
        }
        final boolean out;
        if (msix.enabled())
        {
            out = msix.signal(queue);
        }
        else if (msi.enabled())
        {
            out = msi.signal(0);
        }
        else
        {
            setIntx(true); // a level the driver acknowledges by reading RAISED
            out = false;
        }
        if (out)
        {
            sent++;
        }
        raising = false;
        return out;
    }

    /** Starts or stops raising interrupts every {@code cycles} cycles. */
    private void setPeriod(final long cycles)
    {
        period = cycles;
        engine.cancel(timer);
        if (cycles > 0)
        {
            engine.arm(timer, engine.now() + cycles);
        }
    }

    private void tick()
    {
        raise(next);
        next = next + 1 == queues ? 0 : next + 1;
        if (period > 0)
        {
            engine.arm(timer, engine.now() + period);
        }
    }

    @Override
    protected void resetDevice()
    {
        setPeriod(0);
        next = 0;
        raised = 0;
        java.util.Arrays.fill(raisedPerQueue, 0);
        sent = 0;
        writeback = 0;
        dmaErrors = 0;
    }

    /** BAR 0. */
    private final class Registers implements MmioDevice
    {
        @Override
        public long read(final long offset, final int size, final long requester)
        {
            if (offset == Register.QUEUES.offset())
            {
                return queues;
            }
            if (offset == Register.PERIOD.offset())
            {
                return period & 0xffffffffL;
            }
            if (offset == Register.RAISED.offset())
            {
                setIntx(false); // reading the count acknowledges a level interrupt
                return raised & 0xffffffffL;
            }
            if (offset == Register.WRITEBACK_LO.offset())
            {
                return writeback & 0xffffffffL;
            }
            if (offset == Register.WRITEBACK_HI.offset())
            {
                return writeback >>> 32;
            }
            if (offset == Register.DMA_ERRORS.offset())
            {
                return dmaErrors & 0xffffffffL;
            }
            if (offset == Register.NEXT.offset())
            {
                return next;
            }
            return 0;
        }

        @Override
        public void write(final long offset, final int size, final long value, final long requester)
        {
            if (offset == Register.RAISE.offset())
            {
                raise((int) value);
            }
            else if (offset == Register.PERIOD.offset())
            {
                setPeriod(value & 0xffffffffL);
            }
            else if (offset == Register.NEXT.offset())
            {
                next = (int) Long.remainderUnsigned(value & 0xffffffffL, queues);
            }
            else if (offset == Register.WRITEBACK_LO.offset())
            {
                writeback = writeback & ~0xffffffffL | value & 0xfffffff8L;
            }
            else if (offset == Register.WRITEBACK_HI.offset())
            {
                writeback = writeback & 0xffffffffL | (value & 0xffffffffL) << 32;
            }
        }
    }
}
