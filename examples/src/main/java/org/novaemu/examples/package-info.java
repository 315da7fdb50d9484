// SPDX-License-Identifier: GPL-2.0-only
/**
 * Runnable scenarios that use the library as its users do.
 *
 * <p>{@link org.novaemu.examples.Demo} is the README's demo: {@link org.novaemu.examples.MsiScenario}
 * builds an {@link org.novaemu.x86.X86Machine} or an {@link org.novaemu.arm.ArmMachine} with multi-queue devices,
 * starts the kernel with {@link org.novaemu.examples.RootTask} and adds {@link org.novaemu.examples.DriverThreads}
 * as a boot module; the three are the same code on both, and {@link org.novaemu.examples.Arch} holds what
 * differs. The root task shows how NOVA root tasks are written here: a {@link org.novaemu.kernel.Program}
 * whose instruction pointer says where it is and whose registers (R12 to R14, which hypercalls leave
 * alone) hold its loop counters, one hypercall per step through {@link org.novaemu.kernel.Calls}, each
 * status checked at the next step. It learns the machine from the HIP (x86: PIN_NUM, GSI_NUM, VEC_NUM; Arm:
 * LPI_NUM) and from ECAM, maps what it needs from the NOVA host space with ctrl_pd, and starts other threads through
 * STARTUP portals. The driver's threads show the NOVA way of taking interrupts: one thread per interrupt
 * semaphore, looping in ctrl_sm down.
 *
 * <p>{@link org.novaemu.examples.Embedding} is the README's embedding example of the simulation kernel
 * alone.
 */
package org.novaemu.examples;
