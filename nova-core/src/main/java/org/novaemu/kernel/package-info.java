// SPDX-License-Identifier: GPL-2.0-only
/**
 * The architecture-neutral NOVA kernel (interface specification of 2025-12-01): kernel objects
 * ({@link org.novaemu.kernel.Pd}, {@link org.novaemu.kernel.Ec}, {@link org.novaemu.kernel.Sc},
 * {@link org.novaemu.kernel.Pt}, {@link org.novaemu.kernel.Sm}, {@link org.novaemu.kernel.Dc}), capability
 * spaces, the sixteen hypercalls behind the register ABI, IPC, the per-CPU scheduler, events and the HIP.
 * User code is a {@link org.novaemu.kernel.Program} re-entered at its instruction pointer after each
 * hypercall (docs/execution-model.md); the hardware half is a {@link org.novaemu.kernel.Platform}.
 */
package org.novaemu.kernel;
