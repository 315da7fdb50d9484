// SPDX-License-Identifier: GPL-2.0-only
/**
 * The test kit: what a user's own tests and benchmarks need to drive NOVA on the emulated machines, the same on
 * x86 and Arm (every helper takes the {@link org.novaemu.machine.Machine} and asks {@link org.novaemu.testkit.Arch}
 * what differs).
 *
 * <p>{@link org.novaemu.testkit.RootScript} is the root task, written top to bottom, one hypercall per step, with
 * helpers for a driver PD, a DC, an interrupt thread on a CPU and an MSI-X vector bound to it;
 * {@link org.novaemu.testkit.Runs} runs until a condition or idle within a budget;
 * {@link org.novaemu.testkit.Interceptor} records interrupt deliveries and hypercalls;
 * {@link org.novaemu.testkit.NovaMachine} hands a JUnit 5 test a booted {@link org.novaemu.testkit.TestBed};
 * {@link org.novaemu.testkit.NovaAssertions} holds the AssertJ entry points;
 * {@link org.novaemu.testkit.ObjectSpaceSnapshot} says what a call changed; {@link org.novaemu.testkit.Fixtures}
 * builds set-ups for benchmarks. The semantics are docs/decisions.md U1-U7.
 */
package org.novaemu.testkit;
