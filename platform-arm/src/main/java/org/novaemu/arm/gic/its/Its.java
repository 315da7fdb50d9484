// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import org.novaemu.arm.ArmTrace;
import org.novaemu.arm.gic.Gic;
import org.novaemu.arm.gic.GicRegister;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.IommuFault;
import org.novaemu.bus.IommuFaultLog;
import org.novaemu.bus.MmioDevice;
import org.novaemu.bus.RequesterId;
import org.novaemu.util.Require;

/**
 * A GICv3 Interrupt Translation Service (IHI 0069, chapter 6, the ITS; chapter 12, the ITS registers): it turns a
 * device's write of an EventID to GITS_TRANSLATER into an LPI pending on a redistributor of its {@link Gic}. The
 * DeviceID is the requester's ({@link RequesterId#deviceId}, bits 63:32 of an Arm requester ID), never a value the
 * device writes, so a device reaches only the events mapped for its own DeviceID. The ITS's two 64 KiB frames
 * ({@link ItsRegister}) are mapped on the bus at its base; devices send MSIs with {@link Bus#signalMessage} to
 * {@link #translaterAddress()}.
 *
 * <p>Software maps through the command queue ({@link ItsCommand}): MAPD gives a device an ITT in memory, MAPC a
 * collection a target redistributor (by processor number: GITS_TYPER.PTA 0), MAPTI or MAPI an event an LPI and a
 * collection. Translation walks the device table, the device's ITT and the collection table, through a translation
 * cache that only the commands that change a mapping invalidate; a write that translates to nothing (the ITS
 * disabled, an unmapped device, event or collection, an EventID beyond the ITT, a CPU's write) is dropped and
 * counted. Translating allocates nothing. Commands run synchronously when CWRITER is written; a command error stalls
 * the queue ({@link ItsError}).
 *
 * <p>Where the architecture leaves room this ITS decides as docs/decisions.md rows A80 to A89 say. Several ITSes
 * may serve one GIC; each keeps its own state. Not thread-safe: the engine calls it on one thread.
 */
public final class Its implements MmioDevice
{
    /** The offset of GITS_TRANSLATER from the ITS's base. */
    public static final int TRANSLATER = ItsRegister.TRANSLATER.offset();

    private final Gic gic;
    private final long base;
    private final GitsTyper typer;
    private final ItsTables tables;
    private final ItsCommandQueue queue;
    private boolean enabled;
    private long translated;
    private long dropped;
    private final IommuFaultLog faults;

    private Its(final Builder b)
    {
        this.gic = b.gic;
        this.base = b.base;
        this.typer = new GitsTyper(true, false, false, InterruptTranslationEntry.SIZE - 1, b.eventIdBits - 1,
            b.deviceIdBits - 1, false, false, b.hcc, b.collectionIdBits < 16 ? b.collectionIdBits - 1 : 0,
            b.collectionIdBits < 16);
        this.faults = b.bus.iommuFaults();
        this.tables = new ItsTables(b.bus.memory(), typer, b.twoLevel, b.pageSize, b.cacheEntries, gic.pes());
        this.queue = new ItsCommandQueue(b.bus.memory(), this, new ItsCommands(gic, tables, b.eventIdBits));
    }

    /**
     * @param gic the GIC whose redistributors the ITS's collections target
     * @param bus where the ITS's frames are mapped and its tables and command queue are
     * @return a builder
     */
    public static Builder builder(final Gic gic, final Bus bus)
    {
        return new Builder(gic, bus);
    }

    /** @return where the ITS's control frame is */
    public long base()
    {
        return base;
    }

    /** @return the address devices write EventIDs to: GITS_TRANSLATER */
    public long translaterAddress()
    {
        return base + TRANSLATER;
    }

    /** @return GITS_TYPER */
    public GitsTyper typer()
    {
        return typer;
    }

    /** @return device writes translated into a pending LPI so far */
    public long translated()
    {
        return translated;
    }

    /** @return device writes dropped so far because they translate to nothing */
    public long dropped()
    {
        return dropped;
    }

    /** @return translation cache hits of device writes so far (U24) */
    public long cacheHits()
    {
        return tables.cache().hits();
    }

    /** @return translation cache misses of device writes so far: table walks (U24) */
    public long cacheMisses()
    {
        return tables.cache().misses();
    }

    /** @return command errors so far, each of which stalled the queue */
    public long commandErrors()
    {
        return queue.errors();
    }

    /** @return whether GITS_CTLR.Enabled is set */
    boolean enabled()
    {
        return enabled;
    }

    /** @return the translation cache, for tests that count its hits */
    ItsTranslationCache cache()
    {
        return tables.cache();
    }

    /**
     * A device's write to GITS_TRANSLATER: its requester's DeviceID and the EventID written select the LPI, which
     * becomes pending at its collection's redistributor; a write that translates to nothing is dropped.
     */
    private void translate(final long requester, final int eventId)
    {
        if (!enabled || requester == RequesterId.CPU)
        {
            dropped++; // a disabled ITS translates nothing; a CPU's write carries no DeviceID (decision A88)
            gic.trace().record(ArmTrace.ITS_DROP, requester, eventId, enabled ? 0 : 1);
            drop(requester == RequesterId.CPU ? -1 : RequesterId.deviceId(requester) & 0xffffffffL, eventId,
                IommuFault.Reason.DISABLED, 0);
            return;
        }
        final int slot = tables.translate(RequesterId.deviceId(requester), eventId);
        if (slot < 0)
        {
            dropped++;
            gic.trace().record(ArmTrace.ITS_DROP, requester, eventId, 0);
            drop(RequesterId.deviceId(requester) & 0xffffffffL, eventId, switch (-slot)
            {
                case ItsTables.DEVICE_OOR, ItsTables.UNMAPPED_DEVICE -> IommuFault.Reason.NO_CONTEXT;
                case ItsTables.UNMAPPED_COLLECTION -> IommuFault.Reason.BAD_CONFIG;
                default -> IommuFault.Reason.TRANSLATION; // ID_OOR, UNMAPPED_INTERRUPT
            }, -slot);
            return;
        }
        final ItsTranslationCache cache = tables.cache();
        gic.redistributor(cache.target(slot)).setLpiPending(cache.intid(slot));
        translated++;
    }

    /** The typed record of a dropped write (decision U20): the architecture reports it nowhere. */
    private void drop(final long deviceId, final int eventId, final IommuFault.Reason why, final int kind)
    {
        faults.record(IommuFault.Unit.ITS, deviceId, eventId & 0xffffffffL, IommuFault.Access.INTERRUPT, why, kind);
    }

    // ---- Registers ----------------------------------------------------------------------------------------

    private long ctlr()
    {
        return enabled ? ItsRegister.CTLR_ENABLED.mask() : ItsRegister.CTLR_QUIESCENT.mask();
    }

    private void writeCtlr(final long v)
    {
        final boolean enable = ItsRegister.CTLR_ENABLED.isSet(v);
        if (enable != enabled)
        {
            enabled = enable;
            if (enable)
            {
                queue.process(); // commands written while disabled run now
            }
        }
    }

    @Override
    public long read(final long offset, final int size, final long requester)
    {
        final ItsRegister reg = ItsRegister.at(offset);
        if (reg == null || !reg.permits(size))
        {
            return 0;
        }
        final int off = (int) offset;
        return switch (reg)
        {
            case CTLR -> ctlr();
            case TYPER -> GicRegister.half(typer.value(), off, size);
            case CBASER -> GicRegister.half(queue.cbaser(), off, size);
            case CWRITER -> GicRegister.half(queue.cwriter(), off, size);
            case CREADR -> GicRegister.half(queue.creadr(), off, size);
            case BASER -> GicRegister.half(tables.baser((off - reg.offset()) / reg.width()), off, size);
            case CMDERR -> queue.errorCode();
            case IIDR, PIDR0, PIDR1, PIDR2, PIDR3, PIDR4, PIDR5, PIDR6, PIDR7, CIDR0, CIDR1, CIDR2, CIDR3 ->
                reg.reset();
            default -> 0; // STATUSR, UMSIR and the write-only TRANSLATER
        };
    }

    @Override
    public void write(final long offset, final int size, final long value, final long requester)
    {
        final ItsRegister reg = ItsRegister.at(offset);
        if (reg == null || !reg.permits(size))
        {
            return;
        }
        final int off = (int) offset;
        switch (reg)
        {
            case CTLR -> writeCtlr(value);
            case CBASER ->
            {
                if (!enabled) // CBASER and BASERn are read-only while the ITS is enabled (decision A83)
                {
                    queue.writeCbaser(GicRegister.merge(queue.cbaser(), off, size, value));
                }
            }
            case CWRITER -> queue.writeCwriter(GicRegister.merge(queue.cwriter(), off, size, value));
            case BASER ->
            {
                if (!enabled)
                {
                    final int n = (off - reg.offset()) / reg.width();
                    tables.writeBaser(n, GicRegister.merge(tables.baser(n), off, size, value));
                }
            }
            case TRANSLATER -> translate(requester, (int) value);
            default ->
            {
                // read-only and RAZ/WI registers ignore writes
            }
        }
    }

    /** Builds an ITS and maps its frames on the bus. */
    public static final class Builder
    {
        private final Gic gic;
        private final Bus bus;
        private long base = 0x0808_0000L;
        private int deviceIdBits = 16;
        private int eventIdBits = 16;
        private int collectionIdBits = 16;
        private int hcc;
        private int pageSize = -1;
        private boolean twoLevel = true;
        private int cacheEntries = 1024;

        private Builder(final Gic gic, final Bus bus)
        {
            this.gic = Require.nonNull("gic", gic);
            this.bus = Require.nonNull("bus", bus);
        }

        /**
         * @param address where the ITS's control frame goes, 64 KiB aligned; the translation frame follows it
         *        (default 0x0808_0000, QEMU virt's)
         * @return this builder
         */
        public Builder base(final long address)
        {
            if (address < 0 || (address & 0xffff) != 0)
            {
                throw new IllegalArgumentException("base must be 64 KiB aligned, was 0x" + Long.toHexString(address));
            }
            base = address;
            return this;
        }

        /**
         * @param bits the DeviceID bits, 1 to 32 (GITS_TYPER.Devbits + 1; default 16)
         * @return this builder
         */
        public Builder deviceIdBits(final int bits)
        {
            deviceIdBits = (int) Require.inRange("deviceIdBits", bits, 1, 32);
            return this;
        }

        /**
         * @param bits the EventID bits, 1 to 32 (GITS_TYPER.ID_bits + 1; default 16)
         * @return this builder
         */
        public Builder eventIdBits(final int bits)
        {
            eventIdBits = (int) Require.inRange("eventIdBits", bits, 1, 32);
            return this;
        }

        /**
         * @param bits the collection ID bits, 1 to 16 (default 16: GITS_TYPER.CIL 0; fewer: CIL 1 and CIDbits)
         * @return this builder
         */
        public Builder collectionIdBits(final int bits)
        {
            collectionIdBits = (int) Require.inRange("collectionIdBits", bits, 1, 16);
            return this;
        }

        /**
         * @param count how many collections, from 0, the ITS holds itself without the collection table
         *        (GITS_TYPER.HCC), 0 to 255 and at most 2^collectionIdBits (default 0)
         * @return this builder
         */
        public Builder hcc(final int count)
        {
            hcc = (int) Require.inRange("hcc", count, 0, 255);
            return this;
        }

        /**
         * @param bytes the one page size the device and collection tables take: 4,096, 16,384 or 65,536 (default:
         *        all three, as software chooses)
         * @return this builder
         */
        public Builder pageSize(final int bytes)
        {
            switch (bytes)
            {
                case 0x1000 -> pageSize = ItsRegister.PAGE_4K;
                case 0x4000 -> pageSize = ItsRegister.PAGE_16K;
                case 0x1_0000 -> pageSize = ItsRegister.PAGE_64K;
                default -> throw new IllegalArgumentException("pageSize must be 4096, 16384 or 65536, was " + bytes);
            }
            return this;
        }

        /**
         * @param supported whether the tables may have two levels (GITS_BASERn.Indirect writable; default true)
         * @return this builder
         */
        public Builder twoLevelTables(final boolean supported)
        {
            twoLevel = supported;
            return this;
        }

        /**
         * @param entries the translation cache's entries, a power of two from 1 to 65,536 (default 1,024)
         * @return this builder
         */
        public Builder translationCache(final int entries)
        {
            if (entries < 1 || entries > 0x1_0000 || Integer.bitCount(entries) != 1)
            {
                throw new IllegalArgumentException("translationCache must be a power of two from 1 to 65536, was "
                    + entries);
            }
            cacheEntries = entries;
            return this;
        }

        /**
         * @return the ITS, its frames mapped on the bus
         * @throws IllegalArgumentException if hcc exceeds the collection IDs, or the frames overlap another region
         */
        public Its build()
        {
            if (hcc > 1 << collectionIdBits)
            {
                throw new IllegalArgumentException("hcc must be at most 2^collectionIdBits (" + (1 << collectionIdBits)
                    + "), was " + hcc);
            }
            final Its its = new Its(this);
            bus.mapMmio("gits@" + Long.toHexString(base), base, ItsRegister.FRAMES, its, AccessRule.ALIGNED);
            return its;
        }
    }
}
