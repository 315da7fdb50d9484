// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The interrupt controllers as NOVA drives them (its {@code Interrupt} class: x86 local APICs, I/O APICs
 * and VT-d interrupt remapping; Arm the GIC distributor, redistributors and ITS), and the kernel's
 * interrupt entry.
 *
 * <p>The rules of assign_int that do not depend on the architecture live in the kernel
 * ({@code InterruptRoutes}): one semaphore per SM-table slot, the last attach of a route wins its hardware,
 * a semaphore attached elsewhere leaves its old slot, a detached or dead semaphore stops its route. This
 * role only names slots and routes and programs the hardware.
 */
public interface Interrupts
{
    /**
     * @param isd an interrupt semaphore descriptor (create_sm with I=1)
     * @return whether it names an interrupt a semaphore can be bound to (x86: segment:GSI below GSI_NUM;
     *         Arm: an SPI, ESPI or LPI)
     */
    boolean validIsd(long isd);

    /**
     * @param isd a valid ISD
     * @return the hardware route it names, at least 0 (x86: segment [31:16] and GSI [15:0], one IRTE; Arm: the
     *         INTID); semaphores of one ISD share it, and the one attached last owns it
     */
    int route(long isd);

    /** @return the number of SM-table slots: x86 one table of VEC_NUM per CPU, Arm one global table by INTID */
    int slots();

    /**
     * create_dc's platform half, NOVA's {@code Dc_state} constructor: called once the kernel's checks have
     * passed (K50), before the DC is stored. The platform may attach state to the DC
     * ({@link Dc#platformState(Object)}) and program hardware for it (Arm: the device's ITT and GITS MAPD).
     * Nothing is checked here that create_dc cannot report: a DTD the platform cannot use still makes a DC,
     * which assign_dev or assign_int then refuse. The default takes nothing.
     *
     * @param dc the new DC
     * @return SUCCESS, or MEM_OBJ if the platform's memory for the DC is exhausted: it then took and changed
     *         nothing, and the DC is not created
     */
    default Status createDc(final Dc dc)
    {
        return Status.SUCCESS;
    }

    /**
     * The DC's last capability is gone, NOVA's {@code Dc_state} destructor: the platform gives back what
     * {@link #createDc} took (Arm: GITS MAPD with V=0 and the ITT). The default has nothing to give back.
     *
     * @param dc the dead DC
     */
    default void destroyDc(final Dc dc)
    {
    }

    /**
     * assign_int's checks that depend on the architecture, in NOVA's order; the kernel has checked the CPU,
     * the capabilities and that a detach names no DC.
     *
     * @param attach whether to attach (A=1) or detach
     * @param sm the interrupt semaphore
     * @param dc the device context for an MSI or LPI, or null
     * @param cpu the target CPU, below the CPU count
     * @param idx the slot index (x86) or event ID (Arm LPI)
     * @param cfg the configuration, bits 3:0 (M, T, P, G)
     * @return SUCCESS, or BAD_PAR, BAD_CAP, BAD_CPU (a CPU the interrupt cannot reach) or BAD_DEV as the
     *         architecture defines them
     */
    Status check(boolean attach, Sm sm, Dc dc, int cpu, int idx, int cfg);

    /**
     * @param sm the interrupt semaphore, past {@link #check}
     * @param cpu the target CPU
     * @param idx the slot index or event ID
     * @return the SM-table slot assign_int names, below {@link #slots()}
     */
    int slot(Sm sm, int cpu, int idx);

    /**
     * Programs the route of a semaphore that has just been attached to its slot and owns its route now. For
     * an MSI or LPI, {@code msi[0]} and {@code msi[1]} receive the address and data the driver must program
     * into the device; they stay 0 otherwise. The hardware may still refuse (Arm: a GITS command stalled): it
     * then leaves the route as it was, and the kernel puts the semaphore back where it was.
     *
     * @param sm the interrupt semaphore
     * @param dc the device context, or null
     * @param cpu the target CPU
     * @param idx the slot index or event ID
     * @param cfg the configuration bits
     * @param msi the two outputs
     * @return SUCCESS, or the failure the architecture reports for hardware that refused the route
     */
    Status program(Sm sm, Dc dc, int cpu, int idx, int cfg, long[] msi);

    /**
     * Stops the route of a semaphore that owned it and has been detached or died: its interrupt then goes
     * nowhere (x86: the IRTE is not present and a pin's RTE masked) rather than to a slot another semaphore
     * may take.
     *
     * @param sm the interrupt semaphore
     */
    void unprogram(Sm sm);

    /**
     * Called on every down of an interrupt semaphore: the interrupt is deactivated (Arm: DIR unless the guest
     * owns it; x86 level pins: a directed EOI to the I/O APIC; anything else: nothing).
     *
     * @param sm the interrupt semaphore
     */
    void deactivate(Sm sm);

    /**
     * The kernel's interrupt entry on a CPU, at its interrupt point after
     * {@link KernelEvents#interruptPending}: acknowledge the interrupt controller, report what was taken to
     * {@code kernel}, and end the interrupt as the architecture wants. Runs on {@code cpu}'s time; the entry
     * itself is charged by the kernel ({@link Costs#hypercall}). Allocates nothing.
     *
     * @param cpu the CPU
     * @param kernel what to report to
     */
    void handle(int cpu, KernelEvents kernel);

    /**
     * Sends an IPI from the CPU the kernel runs on to {@code cpu} through the interrupt controller; it
     * arrives as {@link KernelEvents#ipiArrived} through the target's interrupt entry.
     *
     * @param cpu the target CPU
     * @param kind what it asks for
     * @return false if it cannot be sent now (no CPU is running, as when a test calls the kernel
     *         directly): the kernel then delivers it itself {@link Costs#ipi()} cycles later
     */
    boolean sendIpi(int cpu, Ipi kind);
}
