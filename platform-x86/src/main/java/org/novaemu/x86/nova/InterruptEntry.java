// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Dc;
import org.novaemu.kernel.Interrupts;
import org.novaemu.kernel.Ipi;
import org.novaemu.kernel.KernelEvents;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.Sys.AssignInt;
import org.novaemu.sim.Engine;
import org.novaemu.trace.Trace;
import org.novaemu.x86.X86Trace;
import org.novaemu.x86.apic.ApicBus;
import org.novaemu.x86.apic.ApicRegister;
import org.novaemu.x86.apic.Delivery;
import org.novaemu.x86.apic.Icr;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.apic.MsiMessage;
import org.novaemu.x86.ioapic.IoApic;
import org.novaemu.x86.ioapic.IoApicRegister;
import org.novaemu.x86.ioapic.RedirectionEntry;
import org.novaemu.x86.vtd.Irte;

/**
 * NOVA's x86 {@code Interrupt}: how assign_int routes a GSI (specification 8.6.6 and 5.5.3), and the
 * kernel's interrupt entry.
 * <ul>
 *   <li>ISD = segment [31:16] and GSI [15:0], below GSI_NUM; GSIs below PIN_NUM are the I/O APICs' pins
 *       (segment 0 only, the I/O APICs in order), the rest MSIs. Each GSI is one IRTE in its segment's VT-d
 *       unit: the route the kernel's rules give to one owner.</li>
 *   <li>SM-table slot {@code idx} on {@code cpu} is the CPU-local vector {@code VEC_GSI + idx}. The GSI's IRTE
 *       gets the target's x2APIC ID, the vector and the source to verify (the DC's requester for an MSI, the
 *       I/O APIC's for a pin); a pin's redirection entry gets the remappable format with the GSI as its index,
 *       an MSI returns address 0xFEE0_0018 and data GSI (the sub-handle is the IRTE index).</li>
 *   <li>Without an IOMMU (no VT-d unit, decision X30) nothing is remapped, as NOVA without interrupt
 *       remapping: a pin's redirection entry gets the compatibility format (the target's APIC ID, the slot's
 *       vector), an MSI returns the compatibility-format address 0xFEE0_0000 | APIC ID &lt;&lt; 12 and data the
 *       vector; such destinations have 8 bits, and 0xFF is the broadcast, so a CPU whose APIC ID is 255 or
 *       above is BAD_CPU. An MSI's DC must name the semaphore's segment and no IOMMU (address 0).</li>
 *   <li>A driver's down of a level pin's semaphore ends the interrupt at its I/O APIC (directed EOI).</li>
 *   <li>The entry ({@link #handle}) takes one vector from the local APIC, dispatches by NOVA's ranges
 *       (device slots, IPIs, LVT timer and error, the IOMMU fault) and ends it with the EOI; IPIs go out
 *       through the sender's ICR.</li>
 * </ul>
 * Nothing on the entry path allocates; slot lookups are the kernel's array index.
 */
public final class InterruptEntry implements Interrupts
{
    /** The first I/O APIC's source ID (its DMAR device scope): f0:1f.0; I/O APIC k has f0:1f.k. */
    public static final long IOAPIC_SOURCE = RequesterId.pci(0, 0xf0, 0x1f, 0);

    private final Engine engine;
    private final LocalApic[] apics;
    private final Smmu smmu;
    /** Whether VT-d remaps interrupts: false on a machine without an IOMMU (X30). */
    private final boolean remapping;
    private final IoApic[] ioapics;
    private final int pins;
    private final int gsis;
    private final int segments;
    private final byte[] pinIoapic;
    private final byte[] pinInput;
    private final boolean[] levelPin;
    /** Per pin: the vector its redirection entry holds, which its directed EOI names. */
    private final byte[] eoiVector;
    private final long[] kernelVectors = new long[256];
    private long taken;
    private long spurious;
    private long apicErrors;

    /**
     * @param engine the engine, which tells the CPU an IPI is sent from
     * @param apics the local APIC of each CPU, by CPU number
     * @param smmu the VT-d units, whose IRTEs route each GSI; none on a machine without an IOMMU
     * @param ioapics the I/O APICs of segment 0; their pins are GSIs 0 to PIN_NUM - 1, in order
     * @param gsis GSIs per segment
     * @param segments the PCI segments ISDs may name
     */
    InterruptEntry(final Engine engine, final LocalApic[] apics, final Smmu smmu, final IoApic[] ioapics,
                   final int gsis, final int segments)
    {
        this.engine = engine;
        this.apics = apics;
        this.smmu = smmu;
        this.remapping = smmu.units() > 0;
        this.ioapics = ioapics;
        this.gsis = gsis;
        this.segments = segments;
        int n = 0;
        for (final IoApic a : ioapics)
        {
            n += a.pins();
        }
        this.pins = n;
        this.pinIoapic = new byte[n];
        this.pinInput = new byte[n];
        this.levelPin = new boolean[n];
        this.eoiVector = new byte[n];
        for (int k = 0, gsi = 0; k < ioapics.length; k++)
        {
            for (int p = 0; p < ioapics[k].pins(); p++, gsi++)
            {
                pinIoapic[gsi] = (byte) k;
                pinInput[gsi] = (byte) p;
            }
        }
    }

    /** @return PIN_NUM: the pins of the I/O APICs together */
    public int pins()
    {
        return pins;
    }

    /** @return GSI_NUM: GSIs per segment, pins included */
    public int gsis()
    {
        return gsis;
    }

    /** @return device interrupts taken and signalled to a semaphore */
    public long taken()
    {
        return taken;
    }

    /** @return acknowledges that found nothing deliverable, or a device vector whose slot is empty */
    public long spurious()
    {
        return spurious;
    }

    /**
     * @param vector one of the kernel's own vectors ({@link Vectors#VEC_RRQ} and above)
     * @return how many times the kernel took it
     */
    public long taken(final int vector)
    {
        return vector >= Vectors.VEC_RRQ && vector < 256 ? kernelVectors[vector] : 0;
    }

    /** @return local APIC error interrupts taken */
    public long apicErrors()
    {
        return apicErrors;
    }

    private boolean isPin(final int segment, final int gsi)
    {
        return segment == 0 && gsi < pins;
    }

    @Override
    public boolean validIsd(final long isd)
    {
        final int segment = Isd.segment(isd);
        final int gsi = Isd.gsi(isd);
        // Bits 63:32 are reserved (8.6.6) and must be 0 (X25); pins are segment 0's.
        return isd >>> 32 == 0 && segment < segments && gsi < gsis && (segment == 0 || gsi >= pins);
    }

    /** One IRTE per segment and GSI; segments are below 2^15 (Hardware), so the route is never negative. */
    @Override
    public int route(final long isd)
    {
        return Isd.segment(isd) << 16 | Isd.gsi(isd);
    }

    @Override
    public int slots()
    {
        return apics.length * Vectors.SLOTS;
    }

    @Override
    public int slot(final Sm sm, final int cpu, final int idx)
    {
        return cpu * Vectors.SLOTS + idx;
    }

    /**
     * x86's checks (NOVA's {@code Smmu_itl::assign_int}): the slot below VEC_NUM (BAD_PAR); for an attach a DC
     * exactly for an MSI (BAD_CAP), without remapping a target CPU an 8-bit destination reaches (BAD_CPU), M, T
     * and P for pins only (BAD_PAR), and the DC's unit the one of the semaphore's segment (BAD_DEV).
     */
    @Override
    public Status check(final boolean attach, final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg)
    {
        if (idx >= Vectors.SLOTS)
        {
            return Status.BAD_PAR;
        }
        if (!attach)
        {
            return Status.SUCCESS;
        }
        final int segment = Isd.segment(sm.isd());
        final boolean pin = isPin(segment, Isd.gsi(sm.isd()));
        if (pin ? dc != null : dc == null)
        {
            return Status.BAD_CAP; // a DC for a pin, or none for an MSI
        }
        if (!remapping && apics[cpu].initialId() >= ApicBus.BROADCAST_XAPIC)
        {
            // Compatibility format: 8 destination bits, 0xFF the broadcast (NOVA's 8-bit check without IR).
            return Status.BAD_CPU;
        }
        if (pin ? (cfg & AssignInt.CFG_G) != 0 : cfg != 0) // M, T and P are for pins; G is Arm's
        {
            return Status.BAD_PAR;
        }
        if (dc != null && !remapsFor(dc, segment))
        {
            return Status.BAD_DEV; // the DC's unit does not remap this semaphore's segment
        }
        return Status.SUCCESS;
    }

    /**
     * With remapping, the DC names its segment's unit at its address; without an IOMMU, its segment and no
     * unit: the DTD's IOMMU field does not apply and must be 0 (specification 8.6.7, X30).
     */
    private boolean remapsFor(final Dc dc, final int segment)
    {
        if (remapping)
        {
            return smmu.unitOf(dc) == smmu.unit(segment);
        }
        return Dtd.segment(dc.dtd(0)) == segment && Dtd.iommu(dc.dtd(1)) == 0;
    }

    @Override
    public Status program(final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg, final long[] msi)
    {
        final int segment = Isd.segment(sm.isd());
        final int gsi = Isd.gsi(sm.isd());
        final boolean pin = isPin(segment, gsi);
        final int vector = Vectors.VEC_GSI + idx;
        final boolean level = pin && (cfg & AssignInt.CFG_T) != 0;
        final int apicId = apics[cpu].initialId();
        if (remapping)
        {
            final long source = pin ? IOAPIC_SOURCE + pinIoapic[gsi] : Dtd.requester(dc.dtd(0));
            // Physical x2APIC destination, the slot's vector, and the source to verify (SVT 1, the whole ID).
            smmu.unit(segment).writeIrte(gsi, Irte.remapped(apicId, vector, level, (int) source & 0xffff, 0));
        }
        if (pin)
        {
            levelPin[gsi] = level;
            final int input = pinInput[gsi];
            final boolean masked = (cfg & AssignInt.CFG_M) != 0;
            final boolean activeLow = (cfg & AssignInt.CFG_P) != 0;
            // Remapped, the RTE's vector field holds the pin number, which the directed EOI names (the IRTE has
            // the vector); without remapping it holds the vector, and the EOI names that (X30).
            final long rte = remapping ? RedirectionEntry.remappable(gsi, masked, level, activeLow, input)
                : RedirectionEntry.compatibility(apicId, false, Delivery.FIXED, vector, masked, level, activeLow);
            eoiVector[gsi] = (byte) RedirectionEntry.vector(rte);
            maskRte(pinIoapic[gsi], input); // masked while it changes
            writeRte(pinIoapic[gsi], input, rte);
        }
        else if (remapping)
        {
            final MsiMessage message = MsiMessage.remappable(0, gsi); // 0xFEE0_0018: handle 0 plus the sub-handle,
            msi[0] = message.address();                               // which is the IRTE index
            msi[1] = message.data();
        }
        else
        {
            // Straight to the target's local APIC: physical destination, fixed, edge (X30).
            msi[0] = MsiMessage.compatibilityAddress(apicId, false);
            msi[1] = MsiMessage.data(vector, Delivery.FIXED, false);
        }
        return Status.SUCCESS;
    }

    /**
     * The IRTE is no longer present, so the device's messages fault (0x22), and a pin's entry is masked.
     * Without remapping nothing stops an MSI the device was given: it reaches its vector, whose slot is empty
     * until another semaphore takes it (X30).
     */
    @Override
    public void unprogram(final Sm sm)
    {
        final int segment = Isd.segment(sm.isd());
        final int gsi = Isd.gsi(sm.isd());
        if (remapping)
        {
            smmu.unit(segment).writeIrte(gsi, Irte.NOT_PRESENT);
        }
        if (isPin(segment, gsi))
        {
            final int input = pinInput[gsi];
            maskRte(pinIoapic[gsi], input);
        }
    }

    /** Masks a redirection entry: its low half alone, through IOREGSEL and IOWIN (82093AA, 3.2.4). */
    private void maskRte(final int k, final int input)
    {
        indirect(k, IoApicRegister.redirectionLow(input), RedirectionEntry.MASK.mask() | input);
    }

    /** Writes a masked redirection entry's high half, then its low half, which may unmask it. */
    private void writeRte(final int k, final int input, final long rte)
    {
        indirect(k, IoApicRegister.redirectionHigh(input), rte >>> 32);
        indirect(k, IoApicRegister.redirectionLow(input), rte & 0xffffffffL);
    }

    private void indirect(final int k, final int index, final long value)
    {
        ioapics[k].write(IoApicRegister.IOREGSEL.address(), 4, index, RequesterId.CPU);
        ioapics[k].write(IoApicRegister.IOWIN.address(), 4, value, RequesterId.CPU);
    }

    @Override
    public void deactivate(final Sm sm)
    {
        final int gsi = Isd.gsi(sm.isd());
        if (isPin(Isd.segment(sm.isd()), gsi) && levelPin[gsi])
        {
            // Directed EOI for the vector the entry holds: a remappable entry's pin number, which ends this pin
            // only; a compatibility entry's vector (X30).
            ioapics[pinIoapic[gsi]].write(IoApicRegister.EOI.address(), 4, eoiVector[gsi] & 0xff, RequesterId.CPU);
        }
    }

    /**
     * The interrupt entry (NOVA's {@code Interrupt::handler}): takes one vector, the highest deliverable, as
     * one entry through the IDT does; if more are pending, the EOI reports them again and the next interrupt
     * point takes the next, at the cost of its own entry. The kernel's vectors at the top go to their
     * handlers, a device vector ups the semaphore in its slot; the spurious vector is not in service and gets
     * no EOI (SDM 3A, 11.9), every other vector ends with one.
     */
    @Override
    public void handle(final int cpu, final KernelEvents kernel)
    {
        final LocalApic apic = apics[cpu];
        if (!apic.pending())
        {
            return;
        }
        final int vector = apic.acknowledge();
        final Trace trace = engine.trace();
        trace.record(X86Trace.ACK, vector, 0, 0);
        if (vector == Vectors.VEC_SPURIOUS)
        {
            kernelVectors[vector]++;
            spurious++;
            return;
        }
        if (vector >= Vectors.VEC_RRQ)
        {
            kernelVectors[vector]++;
            kernelVector(cpu, vector, kernel);
        }
        else if (vector >= Vectors.VEC_GSI && kernel.interrupt(cpu * Vectors.SLOTS + vector - Vectors.VEC_GSI))
        {
            taken++;
        }
        else
        {
            spurious++; // an exception vector, or a slot no semaphore holds
        }
        trace.record(X86Trace.EOI, vector, 0, 0);
        if (apic.x2apic())
        {
            apic.writeMsr(ApicRegister.EOI.msr(), 0);
        }
        else
        {
            apic.write(ApicRegister.EOI.offset(), 0);
        }
    }

    private void kernelVector(final int cpu, final int vector, final KernelEvents kernel)
    {
        switch (vector)
        {
            case Vectors.VEC_RRQ -> kernel.ipiArrived(Ipi.RRQ);
            case Vectors.VEC_RKE -> kernel.ipiArrived(Ipi.RKE);
            case Vectors.VEC_TIMER -> kernel.timerExpired();
            case Vectors.VEC_ERROR ->
            {
                apics[cpu].writeMsr(ApicRegister.ESR.msr(), 0); // latch the ESR; NOVA only reports it
                apicErrors++;
            }
            case Vectors.VEC_FAULT -> smmu.drainFaults();
            default ->
            {
                // another kernel vector: nothing is bound to it
            }
        }
    }

    /** An IPI is an ICR write on the sending CPU's local APIC: fixed, physical, to the target's x2APIC ID. */
    @Override
    public boolean sendIpi(final int cpu, final Ipi kind)
    {
        final int from = engine.currentCpu();
        if (from < 0)
        {
            return false; // not sent from a CPU (a test calling the kernel directly): the kernel models it
        }
        final int vector = kind == Ipi.RRQ ? Vectors.VEC_RRQ : Vectors.VEC_RKE;
        return apics[from].writeMsr(ApicRegister.ICR.msr(), Icr.fixedPhysical(apics[cpu].initialId(), vector));
    }
}
