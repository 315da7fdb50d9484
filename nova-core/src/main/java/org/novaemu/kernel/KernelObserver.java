// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * Watches the kernel at two points, for test kits that intercept what a run did (as QEMU's qtest intercepts
 * IRQs): every hypercall as it completes or blocks, and every interrupt the kernel hands to a semaphore. The
 * kernel calls it synchronously on the simulated path, so an observer must not allocate on a hot path it cares
 * about, change kernel state, or throw; with no observer set the kernel pays one null check per point.
 */
public interface KernelObserver
{
    /**
     * A hypercall was executed.
     *
     * @param ec the calling EC
     * @param call which hypercall (the number in bits 3:0 of the first register)
     * @param selector the selector in bits 63:8 of the first register, as the call was made
     * @param status its status, or null if the EC blocked (its status is written when it resumes)
     */
    void hypercall(Ec ec, Hypercall call, long selector, Status status);

    /**
     * An interrupt bound by assign_int reached its semaphore on a CPU, before the up.
     *
     * @param cpu the CPU that took it
     * @param sm the interrupt semaphore ({@link Sm#isd()} names the interrupt: x86 segment:GSI, Arm INTID)
     * @param woken the EC the up releases (the semaphore's first waiter), or null if nobody waits and the
     *        counter takes it
     */
    void interrupt(int cpu, Sm sm, Ec woken);
}
