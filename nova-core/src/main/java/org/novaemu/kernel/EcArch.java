// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The architectural state of host ECs as events carry it (NOVA's {@code Ec_arch} and {@code Utcb_arch}):
 * the architecture's exceptions and how the UTCB lays out the state an MTD selects.
 */
public interface EcArch
{
    /**
     * @return SEL_HST/ARCH: the number of architectural event selectors of a host EC; the NOVA events
     *         (STARTUP = 0, RECALL = 1) follow them, so an EC's STARTUP portal is {@code evt + this}
     */
    int hostArchEvents();

    /**
     * Event delivery: copies the architectural state of {@code from} that {@code mtd} selects into the
     * handler's UTCB, in the architecture's UTCB layout.
     *
     * @param from the EC the event belongs to; an exception's number, syndrome and address are in it
     * @param mtd the portal's architectural MTD
     * @param handler the handler EC
     */
    void saveState(Ec from, int mtd, User handler);

    /**
     * Event reply: copies the state that {@code mtd} selects from the handler's UTCB back into the EC.
     *
     * @param handler the handler EC
     * @param mtd the reply's architectural MTD
     * @param to the EC the event belonged to
     * @return false if the reply poisons the EC (the MTD's POISON bit, or state it may not take): the kernel
     *         kills it ("illegal execution state")
     */
    boolean loadState(User handler, int mtd, Ec to);

    /**
     * @param access {@link User#READ}, {@link User#WRITE} or {@link User#FETCH}
     * @return the event a user access raises when the host space does not allow it (x86: #PF, 14; Arm: the
     *         data or instruction abort from a lower exception level), below SEL_HST/ARCH
     */
    int faultEvent(int access);

    /**
     * @param access the access kind
     * @param present whether the page is mapped (a permission fault) or not (a translation fault)
     * @return the syndrome the architecture reports (x86: the #PF error code; Arm: the ESR)
     */
    long faultSyndrome(int access, boolean present);

    /**
     * @param insn an instruction the kernel's objects govern
     * @return the event it raises when it is not allowed (x86: #GP, 13, for IN, OUT, RDMSR and WRMSR; #NM,
     *         7, for the FPU; Arm: 0x00 for what does not exist there, 0x18 for system registers, 0x07 for
     *         the FPU), below SEL_HST/ARCH
     */
    int instructionEvent(Instruction insn);

    /**
     * @param insn the instruction
     * @return the syndrome reported with its event (x86: the #GP error code 0, nothing for #NM; Arm: the ESR)
     */
    long instructionSyndrome(Instruction insn);
}
