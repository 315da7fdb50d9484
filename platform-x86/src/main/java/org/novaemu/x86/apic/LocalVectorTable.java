// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.apic;

import java.util.Arrays;

/**
 * The local APIC's sources of local interrupts (Intel SDM volume 3A, 11.5): the seven entries of the local
 * vector table ({@link Lvt}, 11.5.1) and the error status register (11.5.3), whose errors are noted as they
 * happen and become visible when software next writes the ESR.
 */
final class LocalVectorTable
{
    private static final Lvt[] ENTRIES = Lvt.values();
    private static final int MASKED = (int) Lvt.MASK.mask();

    private final int[] entries = new int[ENTRIES.length];
    private int esr;
    private int esrPending;

    /** Every entry masked, no errors. */
    void reset()
    {
        esr = 0;
        esrPending = 0;
        Arrays.fill(entries, MASKED);
    }

    /**
     * @param entry an entry
     * @return its register's value
     */
    int read(final Lvt entry)
    {
        return entries[entry.ordinal()];
    }

    /**
     * A write of an entry: only its fields are kept, and a software-disabled APIC keeps it masked (11.4.7.2).
     *
     * @param entry the entry
     * @param value the value written
     * @param softwareEnabled whether the SVR enables the APIC
     * @return whether the write changed the timer's mode
     */
    boolean write(final Lvt entry, final int value, final boolean softwareEnabled)
    {
        final int i = entry.ordinal();
        final int old = entries[i];
        entries[i] = value & entry.writable() | (softwareEnabled ? 0 : MASKED);
        // Only a move into or out of TSC-deadline mode disarms the timer (SDM 3A, 11.5.4.1); one-shot and
        // periodic share the count, and a switch between them leaves it counting, as on hardware, KVM and QEMU.
        return entry == Lvt.TIMER && (Lvt.TIMER_MODE.extract(old) == Lvt.TSC_DEADLINE)
            != (Lvt.TIMER_MODE.extract(entries[i]) == Lvt.TSC_DEADLINE);
    }

    /** The APIC was software-disabled: every entry is masked. */
    void maskAll()
    {
        for (int i = 0; i < entries.length; i++)
        {
            entries[i] |= MASKED;
        }
    }

    /** @return the timer's mode ({@link Lvt#TIMER_MODE}) */
    int timerMode()
    {
        return (int) Lvt.TIMER_MODE.extract(entries[Lvt.TIMER.ordinal()]);
    }

    /**
     * @param entry an entry
     * @return its vector if it is unmasked, else -1
     */
    int unmaskedVector(final Lvt entry)
    {
        final int e = entries[entry.ordinal()];
        return (e & MASKED) == 0 ? e & 0xff : -1;
    }

    /**
     * Notes an error.
     *
     * @param bits the ESR bits of the error
     * @return whether they are news since the last ESR write (then the LVT error entry fires)
     */
    boolean error(final int bits)
    {
        final boolean fresh = (esrPending & bits) != bits;
        esrPending |= bits;
        return fresh;
    }

    /**
     * @param reg an LVT register or {@link ApicRegister#ESR}
     * @return the register's value
     */
    int read(final ApicRegister reg)
    {
        return reg == ApicRegister.ESR ? esr : read(Lvt.of(reg));
    }

    /** An ESR write: the errors noted since the last one become its value. */
    void latchErrors()
    {
        esr = esrPending;
        esrPending = 0;
    }
}
