// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import org.novaemu.bus.Bus;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.bus.IommuFault;
import org.novaemu.bus.MmioDevice;
import org.novaemu.bus.RequesterId;
import org.novaemu.irq.IrqLine;
import org.novaemu.util.Require;

/**
 * An SMMUv3 at register level (Arm IHI 0070 G.b), with stage 2 translation only, as NOVA uses it: the
 * Non-secure programming interface in two 64 KiB pages ({@link SmmuRegister}), the CR0/CR0ACK enable handshake
 * and the global bypass attributes, in front of five sub-blocks: the stream table with its configuration cache
 * ({@code StreamTable}), stage 2 translation with its TLB ({@code Stage2Translation}), the command queue
 * ({@code CommandQueue}), the event queue ({@code EventQueue}) and global error recording with the interrupt
 * controls ({@code GlobalErrors}).
 *
 * <p>As the bus's {@link DmaTranslation} it translates every DMA: a requester's StreamID is bits 31:0 of its
 * requester ID (decision B8). While SMMUEN is 0, GBPA decides: abort, or bypass for addresses within the 48-bit
 * output size. CPU accesses never pass, and StreamIDs beyond the stream table abort with C_BAD_STREAMID (decision
 * A107). The SMMU's own accesses (tables, queues, MSIs) are not translated; its MSIs carry the requester ID given
 * to the builder, whose DeviceID an ITS uses (IHI 0070 3.18).
 *
 * <p>Identification (decision A100): SMMUv3.0 (AIDR 0), Arm as implementer (IIDR 0x43B); IDR0 stage 2 only,
 * VMSAv8-64 tables, coherent access, MSIs, SEV, 16-bit VMIDs, little-endian tables, no stalls (STALL_MODEL 0b01,
 * TERM_MODEL 1), 2-level stream tables; IDR1 SIDSIZE as built (16 by default), CMDQS and EVENTQS 19, no
 * substreams, PRI or preset tables; IDR5 48-bit output, 4 KiB granules only. Bad programming gets the
 * architected answer (a command error, an event, a global error), never an exception.
 */
public final class Smmuv3 implements MmioDevice, DmaTranslation
{
    /** IDR0 as this SMMU reports it. */
    public static final int IDR0 = (int) (SmmuRegister.IDR0_S2P.mask() | SmmuRegister.IDR0_TTF.encode(0b10)
        | SmmuRegister.IDR0_COHACC.mask() | SmmuRegister.IDR0_MSI.mask() | SmmuRegister.IDR0_SEV.mask()
        | SmmuRegister.IDR0_VMID16.mask() | SmmuRegister.IDR0_TTENDIAN.encode(0b10)
        | SmmuRegister.IDR0_STALL_MODEL.encode(0b01) | SmmuRegister.IDR0_TERM_MODEL.mask()
        | SmmuRegister.IDR0_ST_LEVEL.encode(0b01));
    /** IDR5: 48-bit output addresses, 4 KiB granules. */
    public static final int IDR5 = (int) (SmmuRegister.IDR5_OAS.encode(0b101) | SmmuRegister.IDR5_GRAN4K.mask());
    /** IIDR: implementer Arm (JEP106 0x43B), product, variant and revision 0, as the GIC (decision A2). */
    public static final int IIDR = 0x043b;
    /** AIDR: SMMUv3.0. */
    public static final int AIDR = 0;
    /** GBPA after reset: ABORT, SHCFG "use incoming" (decision A100). */
    public static final int GBPA_RESET = SmmuRegister.GBPA_ABORT | 1 << 12;
    /** The largest IDR1.SIDSIZE a builder takes (the configuration cache has an entry per StreamID). */
    public static final int MAX_SID_BITS = 16;

    private final int idr1;
    private final SmmuAccess access;
    private final GlobalErrors errors;
    private final StreamTable table;
    private final EventQueue events;
    private final Stage2Translation translation;
    private final CommandQueue commands;
    private int cr0;
    private int cr1;
    private int cr2;
    private int gbpa = GBPA_RESET;

    private Smmuv3(final Builder b)
    {
        this.idr1 = (int) (SmmuRegister.IDR1_SIDSIZE.encode(b.sidBits)
            | SmmuRegister.IDR1_EVENTQS.encode(EventQueue.EVENTQS)
            | SmmuRegister.IDR1_CMDQS.encode(CommandQueue.CMDQS));
        this.access = new SmmuAccess(b.bus, b.requester);
        this.errors = new GlobalErrors(new InterruptSource(b.gerror, access), new InterruptSource(b.eventq, access));
        this.table = new StreamTable(access, b.sidBits);
        this.events = new EventQueue(access, errors);
        this.translation = new Stage2Translation(table, events, access);
        this.commands = new CommandQueue(access, errors, table, translation, b.sync);
    }

    /**
     * @param bus the bus: its RAM holds the tables and queues, and MSIs are writes on it
     * @return a builder
     */
    public static Builder builder(final Bus bus)
    {
        return new Builder(bus);
    }

    /** Builds an {@link Smmuv3}. */
    public static final class Builder
    {
        private final Bus bus;
        private long requester = RequesterId.arm(0, 0);
        private int sidBits = MAX_SID_BITS;
        private IrqLine eventq;
        private IrqLine gerror;
        private IrqLine sync;

        private Builder(final Bus bus)
        {
            this.bus = Require.nonNull("bus", bus);
        }

        /**
         * @param rid the requester ID of the SMMU's own MSIs (by default StreamID 0, DeviceID 0)
         * @return this builder
         */
        public Builder requester(final long rid)
        {
            this.requester = rid;
            return this;
        }

        /**
         * @param bits IDR1.SIDSIZE, 0 to {@value Smmuv3#MAX_SID_BITS}: StreamIDs are below {@code 2^bits}
         * @return this builder
         */
        public Builder streamIdBits(final int bits)
        {
            this.sidBits = (int) Require.inRange("streamIdBits", bits, 0, MAX_SID_BITS);
            return this;
        }

        /**
         * @param line the wired, edge-triggered event queue interrupt (an SPI), or null for none
         * @return this builder
         */
        public Builder eventQueueIrq(final IrqLine line)
        {
            this.eventq = line;
            return this;
        }

        /**
         * @param line the wired, edge-triggered global error interrupt, or null for none
         * @return this builder
         */
        public Builder globalErrorIrq(final IrqLine line)
        {
            this.gerror = line;
            return this;
        }

        /**
         * @param line the wired, edge-triggered CMD_SYNC completion interrupt, or null for none
         * @return this builder
         */
        public Builder syncIrq(final IrqLine line)
        {
            this.sync = line;
            return this;
        }

        /** @return the SMMU, reset: disabled, GBPA aborting, queues and interrupts off */
        public Smmuv3 build()
        {
            return new Smmuv3(this);
        }
    }

    /** @return stage 2 table walks (TLB misses) so far */
    public long walks()
    {
        return translation.walks();
    }

    /** @return TLB lookups of translated transactions so far; hits are {@code tlbLookups() - walks()} (U24) */
    public long tlbLookups()
    {
        return translation.lookups();
    }

    /** @return STE cache lookups so far (U24) */
    public long steLookups()
    {
        return table.lookups();
    }

    /** @return STE cache misses so far: STEs fetched from the stream table (U24) */
    public long steMisses()
    {
        return table.misses();
    }

    /** @return event records written to the event queue so far */
    public long eventsRecorded()
    {
        return events.recorded();
    }

    /** @return events lost so far: the queue disabled, full, or its write aborted */
    public long eventsLost()
    {
        return events.lost();
    }

    /** @return WFE wake-up events sent so far (CMD_SYNC with SIG_SEV) */
    public long wakeUpEvents()
    {
        return commands.wakeUps();
    }

    // ---- Translation -------------------------------------------------------------------------------------------

    @Override
    public long translate(final long requester, final long address, final int size, final boolean write)
    {
        if (requester == RequesterId.CPU)
        {
            return FAULT; // not a stream: nothing attributable passes (decision A107)
        }
        if ((cr0 & SmmuRegister.CR0_SMMUEN) == 0)
        {
            // GBPA: abort, or bypass; beyond the output size, abort without an event (3.4).
            final boolean abort = (gbpa & SmmuRegister.GBPA_ABORT) != 0;
            if (abort || address >>> SmmuAccess.OAS != 0)
            {
                access.bus().iommuFaults().record(IommuFault.Unit.SMMU_V3, RequesterId.streamId(requester)
                    & 0xffffffffL, address, write ? IommuFault.Access.WRITE : IommuFault.Access.READ,
                    abort ? IommuFault.Reason.ABORTED : IommuFault.Reason.ADDRESS_SIZE, 0);
                return FAULT;
            }
            return address;
        }
        return translation.translate(RequesterId.streamId(requester) & 0xffffffffL, address, write);
    }

    // ---- Registers ---------------------------------------------------------------------------------------------

    private long readRegister(final SmmuRegister reg)
    {
        return switch (reg)
        {
            case IDR0 -> IDR0;
            case IDR1 -> idr1;
            case IDR5 -> IDR5;
            case IIDR -> IIDR;
            case CR0, CR0ACK -> cr0; // each update completes at once
            case CR1 -> cr1;
            case CR2 -> cr2;
            case GBPA -> gbpa; // Update reads 0: the attributes apply at once
            case IRQ_CTRL, IRQ_CTRLACK -> errors.irqCtrl();
            case GERROR -> errors.gerror();
            case GERRORN -> errors.gerrorn();
            case GERROR_IRQ_CFG0 -> errors.gerrorIrq().address();
            case GERROR_IRQ_CFG1 -> errors.gerrorIrq().data();
            case GERROR_IRQ_CFG2 -> errors.gerrorIrq().attributes();
            case STRTAB_BASE -> table.base();
            case STRTAB_BASE_CFG -> table.cfg();
            case CMDQ_BASE -> commands.base();
            case CMDQ_PROD -> commands.prod();
            case CMDQ_CONS -> commands.cons();
            case EVENTQ_BASE -> events.base();
            case EVENTQ_IRQ_CFG0 -> errors.eventqIrq().address();
            case EVENTQ_IRQ_CFG1 -> errors.eventqIrq().data();
            case EVENTQ_IRQ_CFG2 -> errors.eventqIrq().attributes();
            case EVENTQ_PROD -> events.prod();
            case EVENTQ_CONS -> events.cons();
            default -> 0; // IDR2, IDR3, IDR4, AIDR (SMMUv3.0), STATUSR
        };
    }

    @Override
    public long read(final long offset, final int size, final long requester)
    {
        final int at = (int) offset;
        final SmmuRegister reg = SmmuRegister.at(at);
        if (size == 8 && (reg == null || reg.width() == 4))
        {
            return readWord(at, 4) | readWord(at + 4, 4) << 32; // two 32-bit registers, as two accesses
        }
        return readWord(at, size);
    }

    private long readWord(final int at, final int size)
    {
        final SmmuRegister reg = SmmuRegister.at(at);
        if (reg != null)
        {
            return size == 8 ? readRegister(reg) : readRegister(reg) & 0xffffffffL;
        }
        final SmmuRegister upper = SmmuRegister.upperHalfAt(at);
        return upper != null ? readRegister(upper) >>> 32 : 0; // reserved: RAZ
    }

    @Override
    public void write(final long offset, final int size, final long value, final long requester)
    {
        final int at = (int) offset;
        final SmmuRegister reg = SmmuRegister.at(at);
        if (size == 8 && (reg == null || reg.width() == 4))
        {
            writeWord(at, value & 0xffffffffL, 4);
            writeWord(at + 4, value >>> 32, 4);
            return;
        }
        writeWord(at, size == 8 ? value : value & 0xffffffffL, size);
    }

    private void writeWord(final int at, final long v, final int size)
    {
        final SmmuRegister start = SmmuRegister.at(at);
        final SmmuRegister reg = start != null ? start : SmmuRegister.upperHalfAt(at);
        if (reg == null)
        {
            return; // reserved: WI
        }
        final boolean smmuOff = (cr0 & SmmuRegister.CR0_SMMUEN) == 0;
        switch (reg)
        {
            case CR0 -> writeCr0((int) v);
            case CR1 -> writeCr1((int) v);
            case CR2 ->
            {
                if (smmuOff)
                {
                    cr2 = (int) v & SmmuRegister.CR2_RECINVSID; // E2H and PTM are RES0 (no Hyp, no BTM)
                    translation.recordInvalidStreamIds((cr2 & SmmuRegister.CR2_RECINVSID) != 0);
                }
            }
            case GBPA ->
            {
                if ((v & SmmuRegister.GBPA_UPDATE) != 0)
                {
                    gbpa = (int) v & SmmuRegister.GBPA_FIELDS; // a write without Update is IGNORED (6.3.14.1)
                }
            }
            case IRQ_CTRL -> errors.writeIrqCtrl(v);
            case GERRORN ->
            {
                if ((errors.acknowledge(v) & SmmuRegister.GERROR_CMDQ_ERR) != 0)
                {
                    commands.process(); // the command queue runs on from CONS
                }
            }
            case GERROR_IRQ_CFG0, GERROR_IRQ_CFG1, GERROR_IRQ_CFG2 ->
                writeIrqCfg(errors.gerrorIrq(), errors.gerrorIrqEnabled(), reg, at, size, v);
            case EVENTQ_IRQ_CFG0, EVENTQ_IRQ_CFG1, EVENTQ_IRQ_CFG2 ->
                writeIrqCfg(errors.eventqIrq(), errors.eventqIrqEnabled(), reg, at, size, v);
            case STRTAB_BASE ->
            {
                if (smmuOff)
                {
                    table.writeBase(merge(table.base(), at, reg, size, v));
                }
            }
            case STRTAB_BASE_CFG ->
            {
                if (smmuOff)
                {
                    table.writeCfg(v);
                }
            }
            case CMDQ_BASE ->
            {
                if ((cr0 & SmmuRegister.CR0_CMDQEN) == 0)
                {
                    commands.writeBase(merge(commands.base(), at, reg, size, v));
                }
            }
            case CMDQ_PROD -> commands.writeProd(v);
            case CMDQ_CONS ->
            {
                if ((cr0 & SmmuRegister.CR0_CMDQEN) == 0)
                {
                    commands.writeCons(v);
                }
            }
            case EVENTQ_BASE ->
            {
                if ((cr0 & SmmuRegister.CR0_EVENTQEN) == 0)
                {
                    events.writeBase(merge(events.base(), at, reg, size, v));
                }
            }
            case EVENTQ_PROD ->
            {
                if ((cr0 & SmmuRegister.CR0_EVENTQEN) == 0)
                {
                    events.writeProd(v);
                }
            }
            case EVENTQ_CONS -> events.writeCons(v);
            default ->
            {
                // read-only: IDR*, IIDR, AIDR, CR0ACK, STATUSR, IRQ_CTRLACK, GERROR
            }
        }
    }

    /**
     * CR0 (6.3.9): SMMUEN, EVENTQEN and CMDQEN (PRIQEN, ATSCHK and VMW are RES0 here); every update completes at
     * once, so CR0ACK equals CR0 when the write returns (decision A100). The command queue runs when CMDQEN
     * becomes 1; no cache is invalidated by a change of SMMUEN (6.3.9.6).
     */
    private void writeCr0(final int v)
    {
        final int old = cr0;
        cr0 = v & (SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_EVENTQEN | SmmuRegister.CR0_CMDQEN);
        events.enable((cr0 & SmmuRegister.CR0_EVENTQEN) != 0);
        if (((old ^ cr0) & SmmuRegister.CR0_CMDQEN) != 0)
        {
            commands.enable((cr0 & SmmuRegister.CR0_CMDQEN) != 0);
        }
    }

    /** CR1 (6.3.11): the TABLE_* fields change only while SMMUEN is 0, the QUEUE_* fields while no queue runs. */
    private void writeCr1(final int v)
    {
        if ((cr0 & SmmuRegister.CR0_SMMUEN) == 0)
        {
            cr1 = (int) SmmuRegister.CR1_TABLE.deposit(cr1, SmmuRegister.CR1_TABLE.extract(v));
        }
        if ((cr0 & (SmmuRegister.CR0_EVENTQEN | SmmuRegister.CR0_CMDQEN)) == 0)
        {
            cr1 = (int) SmmuRegister.CR1_QUEUE.deposit(cr1, SmmuRegister.CR1_QUEUE.extract(v));
        }
    }

    /** *_IRQ_CFG0 to 2 (6.3.21 to 6.3.23, 6.3.30 to 6.3.32): read-only while their source is enabled. */
    private static void writeIrqCfg(final InterruptSource source, final boolean enabled, final SmmuRegister reg,
                                    final int at, final int size, final long v)
    {
        if (enabled)
        {
            return;
        }
        switch (reg)
        {
            case GERROR_IRQ_CFG0, EVENTQ_IRQ_CFG0 -> source.writeAddress(merge(source.address(), at, reg, size, v));
            case GERROR_IRQ_CFG1, EVENTQ_IRQ_CFG1 -> source.writeData(v);
            default -> source.writeAttributes(v);
        }
    }

    /**
     * @return a 64-bit register after a write of all of it (8 bytes) or of one of its halves, the other half kept
     *         (a 4-byte value arrives zero-extended)
     */
    private static long merge(final long old, final int at, final SmmuRegister reg, final int size, final long v)
    {
        if (size == 8)
        {
            return v;
        }
        return at == reg.offset() ? old & ~0xffffffffL | v : old & 0xffffffffL | v << 32;
    }
}
