// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RecordingMmio;
import org.novaemu.bus.RequesterId;
import org.novaemu.irq.IrqLine;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;

/**
 * An SMMU at QEMU virt's address on a bus with 256 MiB of RAM at {@link #RAM}, a doorbell that records MSIs, and
 * its three wired interrupts counted; helpers program it through the bus as a driver does, with the structures
 * in RAM: a stream table at {@link #STRTAB}, a 16-entry command queue at {@link #CMDQ}, an 8-entry event queue at
 * {@link #EVENTQ}, and stage 2 tables (4 levels, 48-bit IPAs) from {@link #ROOT}, whose descriptors are written
 * here with the Arm ARM's bits, not with the model's format class.
 */
final class SmmuHarness
{
    static final long SMMU = 0x0905_0000L;
    static final long DOORBELL = 0x0a00_0000L;
    static final long RAM = 0x4000_0000L;
    static final long STRTAB = RAM + 0x10_0000L;
    static final long CMDQ = RAM + 0x20_0000L;
    static final long EVENTQ = RAM + 0x30_0000L;
    static final long ROOT = RAM + 0x40_0000L;
    /** A device's requester: StreamID 8, DeviceID 8. */
    static final long DEV = RequesterId.arm(8, 8);
    /** The SMMU's own requester: StreamID 0xffff_0000, DeviceID 0x1000. */
    static final long OWN = RequesterId.arm(0xffff_0000, 0x1000);
    static final int VMID = 7;

    /** Stage 2 descriptor bits (Arm ARM D8.3): valid, table or page, S2AP read and write, AF. */
    static final long TABLE = 0b11;
    static final long PAGE = 0b11;
    static final long BLOCK = 0b01;
    static final long R = 1 << 6;
    static final long W = 1 << 7;
    static final long AF = 1 << 10;

    final Engine engine = Engine.builder().build();
    final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
    final PhysicalMemory mem = bus.memory();
    final RecordingMmio doorbell = new RecordingMmio(16);
    final Edges eventIrq = new Edges("smmu.eventq");
    final Edges gerrorIrq = new Edges("smmu.gerror");
    final Edges syncIrq = new Edges("smmu.cmdq-sync");
    final Smmuv3 smmu;
    private long nextTable = ROOT + 0x1000;
    private int prod;

    /** A wired output with a count of its rising edges. */
    final class Edges
    {
        final IrqLine line;
        int count;

        Edges(final String name)
        {
            line = new IrqLine(name, 0, engine.trace());
            line.connect((tag, level) -> count += level ? 1 : 0, 0);
        }
    }

    SmmuHarness()
    {
        this(16);
    }

    SmmuHarness(final int sidBits)
    {
        bus.mapRam("ram", RAM, 0x1000_0000L);
        bus.mapMmio("doorbell", DOORBELL, 0x1000, doorbell, AccessRule.DWORD);
        smmu = Smmuv3.builder(bus).requester(OWN).streamIdBits(sidBits).eventQueueIrq(eventIrq.line)
            .globalErrorIrq(gerrorIrq.line).syncIrq(syncIrq.line).build();
        bus.mapMmio("smmu", SMMU, SmmuRegister.FRAME, smmu, AccessRule.DWORD_QWORD);
        bus.setTranslation(smmu);
    }

    long read(final SmmuRegister r)
    {
        return bus.read(SMMU + r.offset(), r.width());
    }

    void write(final SmmuRegister r, final long value)
    {
        bus.write(SMMU + r.offset(), r.width(), value);
    }

    /**
     * Programs the SMMU as NOVA's driver does, with a linear stream table of 2^8 entries, and enables it.
     *
     * @return this harness
     */
    SmmuHarness enableLinear()
    {
        write(SmmuRegister.STRTAB_BASE_CFG, 8);
        return enable();
    }

    /**
     * Programs queues, interrupts and RECINVSID, then enables the queues and translation; the stream table
     * registers are the caller's.
     *
     * @return this harness
     */
    SmmuHarness enable()
    {
        write(SmmuRegister.STRTAB_BASE, STRTAB);
        write(SmmuRegister.CMDQ_BASE, CMDQ | 4);
        write(SmmuRegister.EVENTQ_BASE, EVENTQ | 3);
        write(SmmuRegister.CR2, SmmuRegister.CR2_RECINVSID);
        write(SmmuRegister.IRQ_CTRL, SmmuRegister.IRQ_CTRL_GERROR_IRQEN | SmmuRegister.IRQ_CTRL_EVENTQ_IRQEN);
        write(SmmuRegister.CR0, SmmuRegister.CR0_CMDQEN | SmmuRegister.CR0_EVENTQEN);
        submit(Command.cfgiAll(), Command.tlbiNsnhAll(), Command.sync(Command.SIG_NONE, 0, 0));
        write(SmmuRegister.CR0, SmmuRegister.CR0_CMDQEN | SmmuRegister.CR0_EVENTQEN | SmmuRegister.CR0_SMMUEN);
        return this;
    }

    /** Writes commands at the producer index of the 16-entry queue and moves it. */
    void submit(final Command... commands)
    {
        for (final Command c : commands)
        {
            c.writeTo(mem, CMDQ + Command.SIZE * (prod & 15));
            prod = prod + 1 & 31;
        }
        write(SmmuRegister.CMDQ_PROD, prod);
    }

    /** @return the index commands are written at next (with its wrap bit) */
    int prod()
    {
        return prod;
    }

    /** @param p where commands are written next */
    void prod(final int p)
    {
        prod = p;
    }

    /** @return records in the event queue that software has not consumed */
    int pendingEvents()
    {
        return (int) (read(SmmuRegister.EVENTQ_PROD) - read(SmmuRegister.EVENTQ_CONS) & 15);
    }

    /**
     * Consumes the next record, moving EVENTQ_CONS as a driver does.
     *
     * @return the record
     */
    Event nextEvent()
    {
        final long cons = read(SmmuRegister.EVENTQ_CONS);
        final Event e = Event.readFrom(mem, EVENTQ + Event.SIZE * (cons & 7));
        write(SmmuRegister.EVENTQ_CONS, cons & 1L << 31 | cons + 1 & 15);
        return e;
    }

    /** Writes the STE of a StreamID in the linear table. */
    void ste(final int sid, final Ste ste)
    {
        ste.writeTo(mem, STRTAB + Ste.SIZE * sid);
    }

    /** @return the STE NOVA writes for a 48-bit DMA space rooted at {@link #ROOT} with VMID {@link #VMID} */
    static Ste stage2()
    {
        return Ste.stage2(VMID, ROOT, 16, 2, 5);
    }

    /**
     * Maps one page (level 3), 2 MiB block (level 2) or 1 GiB block (level 1) in the 4-level tables at ROOT.
     *
     * @param ipa the IPA
     * @param level 3, 2 or 1
     * @param descriptor the leaf: output address and attribute bits
     */
    void map(final long ipa, final int level, final long descriptor)
    {
        long table = ROOT;
        for (int l = 0; l < level; l++)
        {
            final long at = table + 8 * (ipa >>> 39 - 9 * l & 511);
            long next = mem.read64(at) & 0xffff_ffff_f000L;
            if (next == 0)
            {
                next = nextTable;
                nextTable += 0x1000;
                mem.write64(at, next | TABLE);
            }
            table = next;
        }
        mem.write64(table + 8 * (ipa >>> 39 - 9 * level & 511), descriptor);
    }

    /** Maps a 4 KiB page readable and writable. */
    void mapPage(final long ipa, final long pa)
    {
        map(ipa, 3, pa | PAGE | AF | R | W);
    }
}
