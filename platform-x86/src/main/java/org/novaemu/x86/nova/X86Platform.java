// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;


import java.util.IdentityHashMap;
import java.util.Map;

import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Abi;
import org.novaemu.kernel.Dc;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Hip;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Ipi;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.PageTableFormat;
import org.novaemu.kernel.Platform;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Space;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.apic.MsiAddress;
import org.novaemu.x86.ioapic.IoApic;
import org.novaemu.x86.vtd.SecondLevelFormat;
import org.novaemu.x86.vtd.Vtd;

/**
 * NOVA's x86_64 half (specification chapter 8): it programs the hardware models through their registers
 * and in-memory tables, as the kernel programs real hardware. At construction it switches the local APICs
 * to x2APIC mode with directed EOI and the TSC-deadline timer, and takes over each PCI segment's VT-d unit
 * ({@link Dmar}: root table, a 65,536-entry interrupt remapping table, queued invalidation, DMA translation
 * and interrupt remapping). Its tables live in reserved regions that the NOVA host space withholds.
 *
 * <ul>
 *   <li>create_sm with I=1: ISD = segment [31:16] and GSI [15:0], below GSI_NUM; GSIs below PIN_NUM are the
 *       I/O APICs' pins (segment 0 only, the I/O APICs in order), the rest MSIs.</li>
 *   <li>assign_int: slot {@code idx} on {@code cpu} is vector 32 + idx; the GSI's IRTE in its segment's unit
 *       gets the target's x2APIC ID, the vector and the source to verify (the DC's requester for an MSI,
 *       the I/O APIC's for a pin); a pin's redirection entry gets the remappable format with the GSI as
 *       index, an MSI returns address 0xFEE0_0018 and data GSI (sub-handle = IRTE index).</li>
 *   <li>assign_dev: the DC's S:B:D:F gets a context entry, in the unit the DTD names, pointing at the DMA
 *       space's own tables.</li>
 *   <li>A driver's down of a level pin's semaphore ends the interrupt at its I/O APIC (directed EOI).</li>
 *   <li>The kernel's IPIs go through the ICR and its timeouts through IA32_TSC_DEADLINE; VT-d fault events
 *       reach the BSP, whose handler drains the fault records.</li>
 * </ul>
 */
public final class X86Platform implements Platform
{
    /** The first I/O APIC's source ID (its DMAR device scope): f0:1f.0; I/O APIC k has f0:1f.k. */
    public static final long IOAPIC_SOURCE = RequesterId.pci(0, 0xf0, 0x1f, 0);
    /** Interrupt remapping table entries (a full 16-bit index). */
    public static final int IRT_ENTRIES = Dmar.IRT_ENTRIES;

    /**
     * The hardware NOVA's x86 half drives.
     *
     * @param apics the local APICs by CPU; their pins must report to the kernel
     * @param vtds the VT-d unit of each PCI segment, by segment number
     * @param vtdBases their register addresses (the DTDs' IOMMU addresses)
     * @param ioapics the I/O APICs of segment 0; their pins are GSIs 0 to PIN_NUM - 1, in order
     * @param ioapicBases their register addresses
     * @param tables the first of one 4 MiB region per unit for its tables, withheld from PDs
     * @param gsis GSIs per segment: pins first (segment 0), then MSIs; at most 2^16
     * @param kernelMemoryBase the kernel's own memory (HIP, UTCBs, its page tables), 4 KiB aligned
     * @param kernelMemorySize its size, a multiple of 4 KiB
     */
    public record Hardware(LocalApic[] apics, Vtd[] vtds, long[] vtdBases, IoApic[] ioapics, long[] ioapicBases,
                           long tables, int gsis, long kernelMemoryBase, long kernelMemorySize)
    {
        /** Checks what the platform relies on, naming the field at fault. */
        public Hardware
        {
            if (apics == null || apics.length == 0)
            {
                throw new IllegalArgumentException("apics must not be empty");
            }
            if (vtds == null || vtds.length == 0 || vtdBases == null || vtdBases.length != vtds.length)
            {
                throw new IllegalArgumentException("vtds must not be empty and vtdBases must match them");
            }
            if (ioapics == null || ioapicBases == null || ioapicBases.length != ioapics.length)
            {
                throw new IllegalArgumentException("ioapicBases must match ioapics");
            }
            final int pins = pins(ioapics);
            if (gsis <= pins || gsis > IRT_ENTRIES)
            {
                throw new IllegalArgumentException("gsis must be above the " + pins + " pins and at most 65536, was "
                    + gsis);
            }
            if ((tables & 0xfff) != 0 || ((kernelMemoryBase | kernelMemorySize) & 0xfff) != 0 || kernelMemorySize <= 0)
            {
                throw new IllegalArgumentException("tables and kernel memory must be 4 KiB aligned");
            }
            final long tablesEnd = tables + vtds.length * Dmar.TABLES_SIZE;
            if (tables < kernelMemoryBase + kernelMemorySize && kernelMemoryBase < tablesEnd)
            {
                throw new IllegalArgumentException("tables must not overlap the kernel memory");
            }
            if (ioapics.length > 8)
            {
                throw new IllegalArgumentException("ioapics must be at most 8 (source IDs f0:1f.0 to f0:1f.7), was "
                    + ioapics.length);
            }
            if (apics[0].initialId() > 0xff)
            {
                throw new IllegalArgumentException("apics: the BSP's APIC ID must be below 256 (fault events)");
            }
        }
    }

    private final int cpus;
    private final LocalApic[] apics;
    private final Dmar[] dmars;
    private final IoApic[] ioapics;
    private final long[] ioapicBases;
    private final int pins;
    private final byte[] pinIoapic;
    private final byte[] pinInput;
    private final boolean[] levelPin;
    private final int gsis;
    private final long tables;
    private final InterruptTable interrupts;
    private final long kernelMemoryBase;
    private final long kernelMemorySize;
    private final long[] kernelVectors = new long[256];
    /** The slot each attached semaphore holds, cpu << 8 | idx (a map, not on the interrupt path, never iterated). */
    private final Map<Sm, Integer> slotOf = new IdentityHashMap<>();
    /** Per segment and GSI: the semaphore the IRTE (and a pin's RTE) delivers to, or null. */
    private final Sm[][] irteOwner;
    private final long[] msr = new long[1];
    private long apicErrors;
    private Kernel kernel;

    /**
     * @param bus the machine's bus (its memory holds the tables)
     * @param hw the hardware
     */
    public X86Platform(final Bus bus, final Hardware hw)
    {
        this.cpus = hw.apics().length;
        this.apics = hw.apics().clone();
        this.ioapics = hw.ioapics().clone();
        this.ioapicBases = hw.ioapicBases().clone();
        this.gsis = hw.gsis();
        this.tables = hw.tables();
        this.kernelMemoryBase = hw.kernelMemoryBase();
        this.kernelMemorySize = hw.kernelMemorySize();
        this.interrupts = new InterruptTable(apics);
        final int n = pins(ioapics);
        this.pins = n;
        this.pinIoapic = new byte[n];
        this.pinInput = new byte[n];
        this.levelPin = new boolean[n];
        for (int k = 0, gsi = 0; k < ioapics.length; k++)
        {
            for (int p = 0; p < ioapics[k].pins(); p++, gsi++)
            {
                pinIoapic[gsi] = (byte) k;
                pinInput[gsi] = (byte) p;
            }
        }
        for (int i = 0; i < apics.length; i++)
        {
            final LocalApic a = apics[i];
            a.writeMsr(0x1b, LocalApic.DEFAULT_BASE | LocalApic.BASE_ENABLE | LocalApic.BASE_EXTD
                | (i == 0 ? LocalApic.BASE_BSP : 0));
            a.writeMsr(0x80f, LocalApic.SVR_ENABLE | LocalApic.SVR_SUPPRESS_EOI_BROADCAST
                | InterruptTable.VEC_SPURIOUS);
            a.writeMsr(0x832, LocalApic.TIMER_TSC_DEADLINE | InterruptTable.VEC_TIMER); // the kernel's timer
            a.writeMsr(0x837, InterruptTable.VEC_ERROR);
        }
        this.irteOwner = new Sm[hw.vtds().length][];
        this.dmars = new Dmar[hw.vtds().length];
        for (int s = 0; s < dmars.length; s++)
        {
            dmars[s] = new Dmar(hw.vtds()[s], hw.vtdBases()[s], s, bus.memory(), tables + s * Dmar.TABLES_SIZE,
                apics[0].initialId());
        }
    }

    /** @return the pins of the I/O APICs together: PIN_NUM */
    private static int pins(final IoApic[] ioapics)
    {
        int n = 0;
        for (final IoApic a : ioapics)
        {
            n += a.pins();
        }
        return n;
    }

    /**
     * Connects the platform to the kernel it serves (the kernel is built with the platform).
     *
     * @param k the kernel
     */
    public void attach(final Kernel k)
    {
        kernel = k;
    }

    private void ioapicRegister(final int k, final int index, final int value)
    {
        ioapics[k].write(0x00, 4, index, RequesterId.CPU);
        ioapics[k].write(0x10, 4, value & 0xffffffffL, RequesterId.CPU);
    }

    /** @return the interrupt entry and its semaphore tables */
    public InterruptTable interrupts()
    {
        return interrupts;
    }

    /**
     * @param segment a PCI segment
     * @return NOVA's driver of its VT-d unit
     */
    public Dmar dmar(final int segment)
    {
        return dmars[segment];
    }

    /** @return IOMMU fault records the kernel's fault handlers have read and cleared, on all units */
    public long faultsHandled()
    {
        long n = 0;
        for (final Dmar d : dmars)
        {
            n += d.faultsHandled();
        }
        return n;
    }

    /** @return the last fault record segment 0's handler read: the low and high 64 bits */
    public long[] lastFault()
    {
        return dmars[0].lastFault();
    }

    /**
     * @param vector one of the kernel's own vectors ({@link InterruptTable#VEC_RRQ} and above)
     * @return how many times the kernel took it
     */
    public long taken(final int vector)
    {
        return vector >= InterruptTable.VEC_RRQ && vector < 256 ? kernelVectors[vector] : 0;
    }

    /** @return local APIC error interrupts taken */
    public long apicErrors()
    {
        return apicErrors;
    }

    /**
     * @return the unit a DC's DTD names (its segment, and the unit's register address), or null; the unit of
     *         segment s is {@code dmars[s]}
     */
    private Dmar unitOf(final Dc dc)
    {
        final int segment = (int) (dc.dtd(0) >>> 16) & 0xffff;
        return segment < dmars.length && dmars[segment].base() == (dc.dtd(1) & ~0xfffL) ? dmars[segment] : null;
    }

    // ---- Platform --------------------------------------------------------------------------------------

    @Override
    public Abi abi()
    {
        return Abi.X86_64;
    }

    @Override
    public int cpus()
    {
        return cpus;
    }

    @Override
    public boolean supports(final Kind space)
    {
        return space != Kind.GST; // no VMX model
    }

    @Override
    public int hostSelectorBits()
    {
        return 35; // the user half of 48-bit paging
    }

    @Override
    public int hostArchEvents()
    {
        return 32;
    }

    @Override
    public int classesOfService()
    {
        return 0;
    }

    @Override
    public void saveState(final Ec from, final int mtd, final User handler)
    {
        ArchState.save(from, mtd, handler);
    }

    @Override
    public boolean loadState(final User handler, final int mtd, final Ec to)
    {
        return ArchState.load(handler, mtd, to);
    }

    @Override
    public boolean validIsd(final long isd)
    {
        final int segment = (int) (isd >>> 16) & 0xffff;
        final int gsi = (int) isd & 0xffff;
        return segment < dmars.length && gsi < gsis && (segment == 0 || gsi >= pins); // pins are segment 0's
    }

    /** MAD: CA [2:0] 0 WB, 1 WT, 2 WC, 3 UC, 4 WP; KID [17:3] must be 0 (no keys). */
    @Override
    public long memoryAttributes(final long mad)
    {
        return (mad & 7) > 4 || (mad >>> 3 & 0x7fff) != 0 ? -1 : mad & 7;
    }

    @Override
    public long kernelPageAttributes()
    {
        return 0;
    }

    @Override
    public int faultEvent(final int access)
    {
        return 14;
    }

    @Override
    public long faultSyndrome(final int access, final boolean present)
    {
        return ArchState.pageFaultErrorCode(access == User.WRITE, access == User.FETCH, present);
    }

    @Override
    public long kernelMemoryBase()
    {
        return kernelMemoryBase;
    }

    @Override
    public long kernelMemorySize()
    {
        return kernelMemorySize;
    }

    /** The kernel's tables and the registers of the hardware it drives: no PD may map them. */
    @Override
    public long[] protectedMemory()
    {
        final long[] out = new long[2 * (1 + dmars.length + ioapics.length + 1)];
        int i = 0;
        out[i++] = tables;
        out[i++] = dmars.length * Dmar.TABLES_SIZE;
        for (final Dmar d : dmars)
        {
            out[i++] = d.base();
            out[i++] = 0x1000;
        }
        for (final long base : ioapicBases)
        {
            out[i++] = base & ~0xfffL;
            out[i++] = 0x1000;
        }
        out[i++] = MsiAddress.BASE;
        out[i] = MsiAddress.SIZE;
        return out;
    }

    /** The HIP's x86 part (8.6.1-8.6.2): VEC_NUM 215 slots, PIN_NUM the I/O APICs' pins, GSI_NUM; IOMMU feature. */
    @Override
    public void describe(final Hip hip)
    {
        hip.set(HipField.X86_VEC_NUM, InterruptTable.SLOTS);
        hip.set(HipField.X86_PIN_NUM, pins);
        hip.set(HipField.X86_GSI_NUM, gsis);
        hip.set(HipField.FEATURES, hip.get(HipField.FEATURES) | 1); // bit 0: an IOMMU is active
    }

    @Override
    public PageTableFormat pageTableFormat(final Kind kind)
    {
        return kind == Kind.DMA ? SecondLevelFormat.INSTANCE : null;
    }

    @Override
    public void memorySpaceChanged(final SpaceMem space)
    {
        for (final Dmar d : dmars)
        {
            d.spaceChanged(space); // one unit per segment: a handful, and never on the interrupt path
        }
    }

    @Override
    public void handleInterrupts(final int cpu)
    {
        final int vector = interrupts.handle(kernel, cpu);
        kernelVectors[vector]++;
        switch (vector)
        {
            case 0:
                return;
            case InterruptTable.VEC_RRQ:
                kernel.ipiArrived(cpu, Ipi.RRQ);
                return;
            case InterruptTable.VEC_RKE:
                kernel.ipiArrived(cpu, Ipi.RKE);
                return;
            case InterruptTable.VEC_TIMER:
                kernel.timerInterrupt(cpu);
                return;
            case InterruptTable.VEC_ERROR:
                apics[cpu].writeMsr(0x828, 0); // latch the ESR; NOVA only reports it
                apicErrors++;
                return;
            case InterruptTable.VEC_FAULT:
                for (final Dmar d : dmars)
                {
                    d.drainFaults(); // the units share the vector
                }
                return;
            default:
                return; // another kernel vector: nothing is bound to it
        }
    }

    /** An IPI is an ICR write on the sending CPU's local APIC: fixed, physical, to the target's x2APIC ID. */
    @Override
    public boolean sendIpi(final int cpu, final Ipi kind)
    {
        final int from = kernel.engine().currentCpu();
        if (from < 0)
        {
            return false; // not sent from a CPU (a test calling the kernel directly): the kernel models it
        }
        final int vector = kind == Ipi.RRQ ? InterruptTable.VEC_RRQ : InterruptTable.VEC_RKE;
        return apics[from].writeMsr(0x830, (long) apics[cpu].initialId() << 32 | 1 << 14 | vector);
    }

    /**
     * The CPU's local APIC timer in TSC-deadline mode: IA32_TSC_DEADLINE (a deadline of 0 would disarm it).
     * A timer that is masked or in another mode (after an INIT, say) cannot keep the deadline: the kernel then
     * keeps it itself.
     */
    @Override
    public boolean armTimer(final int cpu, final long deadline)
    {
        final LocalApic a = apics[cpu];
        if (!a.readMsr(0x832, msr) || (msr[0] & (3 << 17 | LocalApic.LVT_MASKED)) != LocalApic.TIMER_TSC_DEADLINE)
        {
            return false;
        }
        return a.writeMsr(0x6e0, Math.max(1, deadline));
    }

    /** The semaphore leaves its slot, and its IRTE is no longer present: the device's messages fault (0x22). */
    @Override
    public void interruptGone(final Sm sm)
    {
        final Integer slot = slotOf.remove(sm);
        if (slot != null)
        {
            interrupts.assign(false, sm, slot >>> 8, slot & 0xff);
        }
        stop(sm);
    }

    /**
     * If the GSI's IRTE delivers to this semaphore, it is no longer present, and a pin's entry is masked: its
     * messages then fault instead of reaching a slot that another semaphore may take.
     */
    private void stop(final Sm sm)
    {
        final int segment = (int) (sm.isd() >>> 16) & 0xffff;
        final int gsi = (int) sm.isd() & 0xffff;
        final Sm[] owners = irteOwner[segment];
        if (owners == null || owners[gsi] != sm)
        {
            return; // another semaphore of the same GSI has the hardware now
        }
        owners[gsi] = null;
        dmars[segment].writeIrte(gsi, 0, 0);
        if (segment == 0 && gsi < pins)
        {
            final int input = pinInput[gsi];
            ioapicRegister(pinIoapic[gsi], 0x10 + 2 * input, (int) (IoApic.RTE_MASKED | input));
        }
    }

    @Override
    public void deactivate(final Sm sm)
    {
        final int gsi = (int) sm.isd() & 0xffff;
        if ((sm.isd() >>> 16 & 0xffff) == 0 && gsi < pins && levelPin[gsi])
        {
            // Directed EOI: a remappable entry carries its pin number as the vector, so the EOI ends this pin only.
            ioapics[pinIoapic[gsi]].write(0x40, 4, pinInput[gsi], RequesterId.CPU);
        }
    }

    @Override
    public Status assignDev(final Dc dc, final Space dma)
    {
        final Dmar unit = unitOf(dc);
        if (unit == null)
        {
            return Status.BAD_DEV; // no unit at that address, or not the one of the DC's segment
        }
        return unit.assign((int) dc.dtd(0) & 0xffff, (SpaceMem) dma);
    }

    @Override
    public Status assignInt(final boolean attach, final Sm sm, final Dc dc, final int cpu, final int idx,
                            final int cfg, final long[] msi)
    {
        if (idx >= InterruptTable.SLOTS)
        {
            return Status.BAD_PAR;
        }
        final int segment = (int) (sm.isd() >>> 16) & 0xffff;
        final int gsi = (int) sm.isd() & 0xffff;
        final boolean pin = segment == 0 && gsi < pins;
        if (attach)
        {
            if (pin ? dc != null : dc == null)
            {
                return Status.BAD_CAP; // a DC for a pin, or none for an MSI
            }
            if (pin ? (cfg & ~7) != 0 : cfg != 0)
            {
                return Status.BAD_PAR;
            }
            if (dc != null && unitOf(dc) != dmars[segment])
            {
                return Status.BAD_DEV; // the DC's unit does not remap this semaphore's segment
            }
        }
        final Status s = interrupts.assign(attach, sm, cpu, idx);
        if (s != Status.SUCCESS)
        {
            return s;
        }
        if (!attach)
        {
            slotOf.remove(sm);
            stop(sm); // the device's messages fault rather than reach the slot's next semaphore
            return s;
        }
        final int slot = cpu << 8 | idx;
        final Integer old = slotOf.put(sm, slot);
        if (old != null && old != slot)
        {
            interrupts.assign(false, sm, old >>> 8, old & 0xff); // moved: the old slot is free again
        }
        final Sm[] owners = irteOwner[segment] != null ? irteOwner[segment] : (irteOwner[segment] = new Sm[gsis]);
        owners[gsi] = sm;
        final int vector = InterruptTable.VEC_GSI + idx;
        final boolean level = pin && (cfg & 2) != 0;
        final long source = pin ? IOAPIC_SOURCE + pinIoapic[gsi] : dc.dtd(0) & 0xffff;
        final long low = (long) apics[cpu].initialId() << 32 | (long) vector << 16 | (level ? 1 << 4 : 0) | 1;
        dmars[segment].writeIrte(gsi, low, 1L << 18 | source & 0xffff); // verify the source ID
        if (pin)
        {
            levelPin[gsi] = level;
            final int k = pinIoapic[gsi];
            final int input = pinInput[gsi];
            // The RTE's vector field holds the pin number, which the directed EOI names (the IRTE has the vector).
            final long rte = (long) (gsi & 0x7fff) << 49 | IoApic.RTE_REMAPPABLE | (long) (gsi >>> 15) << 11
                | ((cfg & 1) != 0 ? IoApic.RTE_MASKED : 0) | (level ? IoApic.RTE_LEVEL : 0)
                | ((cfg & 4) != 0 ? IoApic.RTE_ACTIVE_LOW : 0) | input;
            ioapicRegister(k, 0x10 + 2 * input, (int) (IoApic.RTE_MASKED | input)); // masked while it changes
            ioapicRegister(k, 0x11 + 2 * input, (int) (rte >>> 32));
            ioapicRegister(k, 0x10 + 2 * input, (int) rte);
        }
        else
        {
            msi[0] = MsiAddress.remappable(0, true);  // 0xFEE0_0018: handle 0, sub-handle valid
            msi[1] = gsi;                               // the sub-handle: the IRTE index
        }
        return Status.SUCCESS;
    }
}
