// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.Map;

import org.novaemu.arm.smmu.Command;
import org.novaemu.arm.smmu.Event;
import org.novaemu.arm.smmu.L1Std;
import org.novaemu.arm.smmu.SmmuRegister;
import org.novaemu.arm.smmu.Smmuv3;
import org.novaemu.arm.smmu.Stage2Format;
import org.novaemu.arm.smmu.Ste;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Dc;
import org.novaemu.kernel.Iommu;
import org.novaemu.kernel.PageTableFormat;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.Status;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.util.Require;

/**
 * NOVA's AArch64 IOMMU half for an SMMUv3 (2025 NOVA's {@code Smmu} in {@code smmu_v3.cpp}): it takes the SMMU
 * over at boot (global bypass aborting, a 2-level stream table, command and event queues, wired interrupts, then
 * translation on, each CR0 change acknowledged in CR0ACK), keeps DMA spaces as VMSAv8-64 stage 2 tables
 * ({@link Stage2Format}) the SMMU walks directly, and attaches a device by writing its StreamID's STE: stage 2
 * with a VMID per DMA space and S2TTB the space's root. Every change is followed by the invalidation the
 * architecture requires (CMD_CFGI_STE, CMD_TLBI_S12_VMALL) and a CMD_SYNC whose completion the driver waits for
 * (IHI 0070 G.b, 3.21, 4.6). The SMMU's structures live in a region of RAM the NOVA host space withholds
 * (decision A150). Its event queue and global error interrupts are the kernel's: the GIC entry hands them to
 * {@link #interrupt}, which drains the event queue or acknowledges the global errors, skipping a command the
 * SMMU refused so that the queue runs again (A191, A192).
 *
 * <p>A DTD names this SMMU by its register address (word 1, bits 63:12) and the device by its StreamID (word 0,
 * bits 31:0; specification 7.6.7.1).
 */
public final class SmmuV3Driver extends IntidOwner implements Iommu
{
    /** The bytes of RAM the driver's structures take: the level 1 table, both queues and level 2 arrays. */
    public static final long TABLES_SIZE = 1L << 20;
    /**
     * SBW_DMA: 36 bits of device-virtual page numbers, a 48-bit IPA space walked from level 0 (S2T0SZ 16,
     * S2SL0 2), the most a 4 KiB granule reaches without concatenated tables (A151).
     */
    public static final int SELECTOR_BITS = 36;

    /** STEs per level 2 array: SPLIT 6 (NOVA's {@code ord_ste}). */
    private static final int SPLIT = 6;
    private static final long L2_SIZE = (long) Ste.SIZE << SPLIT;
    /** Queue entries, 2^8 each, or fewer if the SMMU's IDR1 says so. */
    private static final int QUEUE_LOG2 = 8;
    private static final long CMDQ_OFFSET = 0x2000;
    private static final long EVENTQ_OFFSET = 0x4000;
    private static final long L2_OFFSET = 0x6000;
    /** Memory attributes of the SMMU's table and queue accesses: inner shareable, write-back (NOVA's CR1). */
    private static final int CR1 = 0b11 << 10 | 1 << 8 | 0b111 << 4 | 1 << 2 | 1;
    /** The S2PS of a 48-bit output. */
    private static final int PS_48 = 5;
    private static final int T0SZ = 64 - (SELECTOR_BITS + 12);
    /** S2SL0 for a walk starting at level 0. */
    private static final int SL0_LEVEL0 = 2;
    /** What replaces a command the SMMU refused: a CMD_SYNC that signals nothing (A192). */
    private static final Command SKIP = Command.sync(Command.SIG_NONE, 0, 0);

    private final Smmuv3 smmu;
    private final long base;
    private final PhysicalMemory memory;
    private final long tables;
    private final int sidBits;
    /** SIDSIZE: StreamIDs the SMMU takes (the table may be larger). */
    private final int hwSidBits;
    private final int cmdqLog2;
    private final int eventqLog2;
    private long cmdqProd;
    private long eventqCons;
    private long nextL2;
    private final Map<SpaceMem, Integer> vmids = new IdentityHashMap<>();
    /** How many STEs point at each space that has a VMID. */
    private final Map<SpaceMem, Integer> stes = new IdentityHashMap<>();
    private final BitSet usedVmids = new BitSet();
    private final int maxVmid;
    /** The DMA space each StreamID's STE points at, or null. */
    private final SpaceMem[] assigned;
    /** The INTIDs of the event queue's and the global error interrupts (SPIs the kernel owns, A191). */
    private final int eventIntid;
    private final int gerrorIntid;
    private long eventsHandled;
    private long globalErrors;
    private long commandErrors;
    private int lastCommandError;
    /** The last record read, as four words: kept without allocating on the handler's path. */
    private final long[] lastEvent = new long[Event.SIZE / 8];
    private boolean anyEvent;

    /**
     * Takes the SMMU over as NOVA's {@code Smmu::init} does. Its wired event queue and global error interrupts
     * reach the kernel's GIC entry, which calls {@link #interrupt} ({@link GicInterrupts} configures them).
     *
     * @param smmu the SMMU
     * @param base its register address (the DTD's SMMU address)
     * @param memory the physical memory holding the structures
     * @param tables a 1 MiB aligned region of {@link #TABLES_SIZE} bytes of RAM for them
     * @param eventIntid the INTID (an SPI) of the SMMU's event queue interrupt
     * @param gerrorIntid the INTID (an SPI) of its global error interrupt
     */
    public SmmuV3Driver(final Smmuv3 smmu, final long base, final PhysicalMemory memory, final long tables,
                        final int eventIntid, final int gerrorIntid)
    {
        this.smmu = Require.nonNull("smmu", smmu);
        this.memory = Require.nonNull("memory", memory);
        if (eventIntid == gerrorIntid)
        {
            throw new IllegalArgumentException("gerrorIntid must differ from eventIntid, both were " + eventIntid);
        }
        this.eventIntid = eventIntid;
        this.gerrorIntid = gerrorIntid;
        if ((base & 0xfff) != 0 || (tables & TABLES_SIZE - 1) != 0)
        {
            throw new IllegalArgumentException("base must be 4 KiB and tables 1 MiB aligned, were 0x"
                + Long.toHexString(base) + " and 0x" + Long.toHexString(tables));
        }
        this.base = base;
        this.tables = tables;
        this.nextL2 = tables + L2_OFFSET;
        memory.fill(tables, TABLES_SIZE, 0);
        // Global bypass aborts while the SMMU is off; then everything off while it is set up.
        write(SmmuRegister.GBPA, SmmuRegister.GBPA_UPDATE | SmmuRegister.GBPA_ABORT);
        setCr0(0);
        write(SmmuRegister.IRQ_CTRL, 0);
        final long idr0 = read(SmmuRegister.IDR0);
        final long idr1 = read(SmmuRegister.IDR1);
        hwSidBits = (int) SmmuRegister.IDR1_SIDSIZE.extract(idr1);
        sidBits = Math.max(SPLIT, hwSidBits); // the stream table covers at least one level-2 array
        cmdqLog2 = Math.min(QUEUE_LOG2, (int) SmmuRegister.IDR1_CMDQS.extract(idr1));
        eventqLog2 = Math.min(QUEUE_LOG2, (int) SmmuRegister.IDR1_EVENTQS.extract(idr1));
        maxVmid = SmmuRegister.IDR0_VMID16.extract(idr0) != 0 ? 0xffff : 0xff;
        assigned = new SpaceMem[1 << sidBits];
        usedVmids.set(0); // VMID 0 is not used
        write(SmmuRegister.GERRORN, read(SmmuRegister.GERROR));
        write(SmmuRegister.GERROR_IRQ_CFG0, 0); // wired interrupts, no MSIs
        write(SmmuRegister.EVENTQ_IRQ_CFG0, 0);
        write(SmmuRegister.IRQ_CTRL, SmmuRegister.IRQ_CTRL_GERROR_IRQEN | SmmuRegister.IRQ_CTRL_EVENTQ_IRQEN);
        write(SmmuRegister.CMDQ_BASE, SmmuRegister.Q_BASE_ALLOC.mask() | tables + CMDQ_OFFSET | cmdqLog2);
        write(SmmuRegister.CMDQ_PROD, 0);
        write(SmmuRegister.CMDQ_CONS, 0);
        write(SmmuRegister.EVENTQ_BASE, SmmuRegister.Q_BASE_ALLOC.mask() | tables + EVENTQ_OFFSET | eventqLog2);
        write(SmmuRegister.EVENTQ_PROD, 0);
        write(SmmuRegister.EVENTQ_CONS, 0);
        write(SmmuRegister.STRTAB_BASE_CFG, SmmuRegister.STRTAB_FMT.encode(SmmuRegister.FMT_2LEVEL)
            | SmmuRegister.STRTAB_SPLIT.encode(SPLIT) | SmmuRegister.STRTAB_LOG2SIZE.encode(sidBits));
        write(SmmuRegister.STRTAB_BASE, SmmuRegister.STRTAB_BASE_RA.mask() | tables);
        write(SmmuRegister.CR2, SmmuRegister.CR2_RECINVSID);
        write(SmmuRegister.CR1, CR1);
        setCr0(SmmuRegister.CR0_EVENTQEN | SmmuRegister.CR0_CMDQEN);
        command(Command.cfgiAll(), Command.tlbiNsnhAll());
        setCr0(SmmuRegister.CR0_EVENTQEN | SmmuRegister.CR0_CMDQEN | SmmuRegister.CR0_SMMUEN);
    }

    private long read(final SmmuRegister reg)
    {
        return smmu.read(reg.offset(), reg.width(), RequesterId.CPU);
    }

    private void write(final SmmuRegister reg, final long value)
    {
        smmu.write(reg.offset(), reg.width(), value, RequesterId.CPU);
    }

    /** Writes CR0; the SMMU acknowledges in CR0ACK (the model at once, so NOVA's poll ends at once). */
    private void setCr0(final int value)
    {
        write(SmmuRegister.CR0, value);
    }

    /**
     * Posts commands and a CMD_SYNC, moves CMDQ_PROD and checks that CMDQ_CONS reached it, as NOVA's
     * {@code Smmu::command} waits for the sync.
     *
     * @return false if the SMMU did not consume them: the queue was full or stalled (TIMEOUT, A152)
     */
    boolean command(final Command... commands)
    {
        final long entries = 1L << cmdqLog2;
        final long mask = (entries << 1) - 1;
        final long cons = read(SmmuRegister.CMDQ_CONS) & mask;
        if ((cmdqProd - cons & mask) + commands.length + 1 > entries)
        {
            return false; // no room: the SMMU has not consumed what is there
        }
        for (final Command c : commands)
        {
            post(c);
        }
        post(Command.sync(Command.SIG_NONE, 0, 0));
        write(SmmuRegister.CMDQ_PROD, cmdqProd);
        return (read(SmmuRegister.CMDQ_CONS) & mask) == cmdqProd;
    }

    private void post(final Command c)
    {
        final long entries = 1L << cmdqLog2;
        c.writeTo(memory, tables + CMDQ_OFFSET + (cmdqProd & entries - 1) * Command.SIZE);
        cmdqProd = cmdqProd + 1 & (entries << 1) - 1;
    }

    /** @return the SMMU's register address */
    public long base()
    {
        return base;
    }

    /** @return where the driver's structures are */
    public long tables()
    {
        return tables;
    }

    /** @return the StreamID bits the SMMU has (IDR1.SIDSIZE): a DTD's SID must be below 2^this */
    public int streamIdBits()
    {
        return hwSidBits;
    }

    @Override
    public int selectorBits()
    {
        return SELECTOR_BITS;
    }

    @Override
    public PageTableFormat pageTableFormat()
    {
        return Stage2Format.INSTANCE;
    }

    /**
     * Points the StreamID's STE at the DMA space (NOVA's {@code Smmu::assign_dev}): BAD_DEV unless the DTD names
     * this SMMU and a StreamID it has; MEM_OBJ if no level 2 array or VMID is left (nothing changed); then a
     * valid STE becomes transient and its VMID's TLB entries go, the new stage 2 fields are written and the STE
     * made valid, each step invalidated and synced.
     *
     * @return SUCCESS, BAD_DEV, MEM_OBJ, or TIMEOUT if the SMMU did not complete the commands (the STE is
     *         written all the same, A152)
     */
    @Override
    public Status assignDev(final Dc dc, final SpaceMem dma)
    {
        final long sid = dc.dtd(0) & 0xffff_ffffL;
        if ((dc.dtd(1) & ~0xfffL) != base || sid >>> hwSidBits != 0)
        {
            return Status.BAD_DEV; // not this SMMU, or a StreamID beyond its SIDSIZE (A151)
        }
        final int s = (int) sid;
        final long l1 = tables + (long) L1Std.SIZE * (s >>> SPLIT);
        final boolean needL2 = memory.read64(l1) == 0;
        if (needL2 && nextL2 + L2_SIZE > tables + TABLES_SIZE)
        {
            return Status.MEM_OBJ; // no level 2 array left
        }
        Integer vmid = vmids.get(dma);
        if (vmid == null && usedVmids.nextClearBit(1) > maxVmid)
        {
            return Status.MEM_OBJ; // every VMID is in use
        }
        if (needL2)
        {
            memory.write64(l1, L1Std.encode(nextL2, SPLIT + 1));
            nextL2 += L2_SIZE;
        }
        if (vmid == null)
        {
            vmid = usedVmids.nextClearBit(1);
            usedVmids.set(vmid);
            vmids.put(dma, vmid);
        }
        final long ste = (memory.read64(l1) & L1Std.L2PTR.mask()) + (long) Ste.SIZE * (s & (1 << SPLIT) - 1);
        boolean synced = true;
        final SpaceMem previous = assigned[s];
        if (previous != null)
        {
            // Detach: valid to transient (V 0), then the old VMID's translations go.
            memory.write64(ste, Ste.V.deposit(memory.read64(ste), 0));
            synced = command(Command.cfgiSte(s, true), Command.tlbiS12Vmall(vmids.get(previous)));
        }
        final Ste attached = Ste.stage2(vmid, dma.tableRoot(), T0SZ, SL0_LEVEL0, PS_48);
        attached.with(0, Ste.V, 0).writeTo(memory, ste);
        // A new level-1 descriptor needs the non-leaf CMD_CFGI_STE: Leaf 1 may keep a cached L1STD (IHI 0070 5.1.1).
        synced &= command(Command.cfgiSte(s, !needL2));
        memory.write64(ste, attached.word0());
        synced &= command(Command.cfgiSte(s, true), Command.tlbiS12Vmall(vmid));
        dma.reference(); // the STE keeps the space alive
        assigned[s] = dma;
        stes.merge(dma, 1, Integer::sum);
        if (previous != null)
        {
            // A space no STE points at any more gives its VMID back, its TLB entries gone with the detach's
            // TLBI (A154), whether or not the space lives on.
            if (stes.merge(previous, -1, Integer::sum) == 0)
            {
                stes.remove(previous);
                usedVmids.clear(vmids.remove(previous));
            }
            previous.unreference();
        }
        return synced ? Status.SUCCESS : Status.TIMEOUT;
    }

    /** A DMA space's mappings changed: if a StreamID uses it, its VMID's TLB entries go (CMD_TLBI_S12_VMALL). */
    @Override
    public void spaceChanged(final SpaceMem space)
    {
        final Integer vmid = vmids.get(space);
        if (vmid != null)
        {
            command(Command.tlbiS12Vmall(vmid));
        }
    }

    /** @return the INTIDs the kernel owns for this SMMU (NOVA's {@code Smmu::using_iid}), the event queue's first */
    @Override
    int[] intids()
    {
        return new int[] {eventIntid, gerrorIntid};
    }

    /** Edge: the SMMU pulses its wired outputs (A131). */
    @Override
    boolean levelTriggered()
    {
        return false;
    }

    /**
     * NOVA's {@code Smmu::interrupt}, called by the kernel's GIC entry on the CPU that took the SPI: the event
     * queue's interrupt drains the queue, the global error interrupt handles GERROR. Allocates nothing.
     *
     * @param intid the INTID taken; one the driver does not use is ignored
     */
    @Override
    void interrupt(final int intid)
    {
        if (intid == eventIntid)
        {
            drainEvents();
        }
        else if (intid == gerrorIntid)
        {
            handleGlobalErrors();
        }
    }

    /**
     * The global error handler (IHI 0070 G.b 7.5; A192): every active error (GERROR bit differing from
     * GERRORN's) is acknowledged by toggling its GERRORN bit. A CMDQ_ERR first has the command at CMDQ_CONS, the
     * one the SMMU refused (7.1), overwritten with a CMD_SYNC, as NOVA and Linux skip it; the acknowledge then
     * lets the queue run on from it. An EVENTQ_ABT_ERR acknowledged makes the event queue writable again.
     */
    private void handleGlobalErrors()
    {
        final long gerror = read(SmmuRegister.GERROR);
        final long gerrorn = read(SmmuRegister.GERRORN);
        final long active = (gerror ^ gerrorn) & SmmuRegister.GERROR_ERRORS;
        if (active == 0)
        {
            return;
        }
        globalErrors++;
        if ((active & SmmuRegister.GERROR_CMDQ_ERR) != 0)
        {
            final long cons = read(SmmuRegister.CMDQ_CONS);
            final long slot = cons & (1L << cmdqLog2) - 1;
            SKIP.writeTo(memory, tables + CMDQ_OFFSET + slot * Command.SIZE);
            lastCommandError = (int) SmmuRegister.CMDQ_CONS_ERR.extract(cons);
            commandErrors++;
        }
        write(SmmuRegister.GERRORN, gerrorn ^ active);
    }

    /** @return global error interrupts that found an active error and acknowledged it */
    public long globalErrors()
    {
        return globalErrors;
    }

    /** @return commands the SMMU refused (CMDQ_ERR) that the handler replaced by CMD_SYNC */
    public long commandErrors()
    {
        return commandErrors;
    }

    /** @return CMDQ_CONS.ERR of the last refused command (CERROR_ILL, CERROR_ABT), 0 before any */
    public int lastCommandError()
    {
        return lastCommandError;
    }

    /**
     * The event queue's interrupt handler (NOVA's {@code Smmu::notify_evt}): reads the records from the
     * driver's CONS to EVENTQ_PROD, counts them, and writes EVENTQ_CONS, acknowledging an overflow.
     */
    private void drainEvents()
    {
        final long entries = 1L << eventqLog2;
        final long mask = (entries << 1) - 1;
        final long prod = read(SmmuRegister.EVENTQ_PROD);
        while (eventqCons != (prod & mask))
        {
            final long record = tables + EVENTQ_OFFSET + (eventqCons & entries - 1) * Event.SIZE;
            for (int i = 0; i < lastEvent.length; i++)
            {
                lastEvent[i] = memory.read64(record + 8L * i);
            }
            anyEvent = true;
            eventsHandled++;
            eventqCons = eventqCons + 1 & mask;
        }
        write(SmmuRegister.EVENTQ_CONS, eventqCons | prod & SmmuRegister.EVENTQ_PROD_OVFLG);
    }

    /** @return event records the interrupt handler has read */
    public long eventsHandled()
    {
        return eventsHandled;
    }

    /** @return the last event record read, or null */
    public Event lastEvent()
    {
        return anyEvent ? new Event(lastEvent[0], lastEvent[1], lastEvent[2], lastEvent[3]) : null;
    }
}
