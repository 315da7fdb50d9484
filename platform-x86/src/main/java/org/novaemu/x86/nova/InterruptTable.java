// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.x86.apic.LocalApic;

/**
 * NOVA's x86 interrupt entry: a semaphore table per CPU, slot {@code idx} for the CPU-local vector
 * {@code VEC_GSI + idx}, and the handler that runs at the CPU's interrupt point: acknowledge the local
 * APIC, up the semaphore in the vector's slot, end the interrupt at the APIC (with EOI broadcasts
 * suppressed, level pins end at the I/O APIC when the driver's down deactivates them). Slot lookups are
 * array indexes; the handler allocates nothing.
 */
public final class InterruptTable
{
    /** The first device vector. */
    public static final int VEC_GSI = 32;
    /** Slots per CPU (NUM_GSI of the 2026 vector layout: vectors 32 to 246). */
    public static final int SLOTS = 215;
    /** The remote run queue IPI. */
    public static final int VEC_RRQ = 0xf7;
    /** The remote kernel entry IPI. */
    public static final int VEC_RKE = 0xf8;
    /** The local APIC timer (TSC-deadline). */
    public static final int VEC_TIMER = 0xf9;
    /** The local APIC's error interrupt. */
    public static final int VEC_ERROR = 0xfa;
    /** The IOMMU's fault event. */
    public static final int VEC_FAULT = 0xfe;
    /** The spurious vector (SVR[7:0]); it gets no EOI. */
    public static final int VEC_SPURIOUS = 0xff;

    private final Sm[][] table;
    private final LocalApic[] apics;
    private long taken;
    private long spurious;

    /**
     * @param apics the local APIC of each CPU, by CPU number
     */
    public InterruptTable(final LocalApic[] apics)
    {
        this.apics = apics.clone();
        this.table = new Sm[apics.length][SLOTS];
    }

    /**
     * Attaches a semaphore to a slot, or detaches it (assign_int's table half, VT-d aside).
     *
     * @param attach whether to attach
     * @param sm the interrupt semaphore
     * @param cpu the CPU
     * @param idx the slot
     * @return SUCCESS; BAD_PAR for a slot beyond the table; ABORTED if the slot holds another semaphore
     *         (attach) or not this one (detach)
     */
    public Status assign(final boolean attach, final Sm sm, final int cpu, final int idx)
    {
        if (idx < 0 || idx >= SLOTS)
        {
            return Status.BAD_PAR;
        }
        final Sm[] slots = table[cpu];
        if (attach)
        {
            if (slots[idx] != null && slots[idx] != sm)
            {
                return Status.ABORTED;
            }
            slots[idx] = sm;
        }
        else
        {
            if (slots[idx] != sm)
            {
                return Status.ABORTED;
            }
            slots[idx] = null;
        }
        return Status.SUCCESS;
    }

    /** @return interrupts taken and signalled */
    public long taken()
    {
        return taken;
    }

    /** @return acknowledges that found nothing deliverable, or a vector with no semaphore */
    public long spurious()
    {
        return spurious;
    }

    /**
     * The interrupt entry on a CPU ({@link org.novaemu.kernel.Platform#handleInterrupts}): takes one
     * vector, the highest deliverable, as one entry through the IDT does, and ends it at the local APIC; if
     * more are pending, the EOI reports them again and the next interrupt point takes the next one, at the
     * cost of its own entry. A device vector ups the semaphore in its slot; the kernel's own vectors (IPIs,
     * timer, errors, IOMMU faults) are returned for the caller to dispatch.
     *
     * @param kernel the kernel
     * @param cpu the CPU
     * @return the vector if it is one of the kernel's own (at or above {@link #VEC_RRQ}, the spurious vector
     *         included), else 0
     */
    public int handle(final Kernel kernel, final int cpu)
    {
        final LocalApic apic = apics[cpu];
        if (!apic.pending())
        {
            return 0;
        }
        final int vector = apic.acknowledge();
        if (vector == VEC_SPURIOUS)
        {
            spurious++;
            return vector; // a spurious interrupt is not in service: no EOI (SDM 3A, 11.9)
        }
        if (apic.x2apic())
        {
            apic.writeMsr(0x80b, 0); // EOI at the local APIC
        }
        else
        {
            apic.write(0xb0, 0);
        }
        final int idx = vector - VEC_GSI;
        if (idx >= SLOTS)
        {
            return vector;
        }
        final Sm sm = idx >= 0 ? table[cpu][idx] : null;
        if (sm == null)
        {
            spurious++;
            return 0;
        }
        taken++;
        kernel.signal(sm);
        return 0;
    }
}
