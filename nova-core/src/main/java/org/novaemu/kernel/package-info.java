// SPDX-License-Identifier: GPL-2.0-only
/**
 * The architecture-neutral NOVA kernel (interface specification of 2025-12-01): kernel objects
 * ({@link org.novaemu.kernel.Pd}, {@link org.novaemu.kernel.Ec}, {@link org.novaemu.kernel.Sc},
 * {@link org.novaemu.kernel.Pt}, {@link org.novaemu.kernel.Sm}, {@link org.novaemu.kernel.Dc}), capability
 * spaces (object, memory as radix tables, PIO, MSR), the sixteen hypercalls behind the register ABI, IPC,
 * the per-CPU scheduler, events (exceptions, STARTUP, RECALL, VM exits), vCPUs, the HIP, and the kernel
 * memory that objects, tables and UTCBs are accounted to. User code is a
 * {@link org.novaemu.kernel.Program} placed as a boot module, run from its host-space mapping and
 * re-entered at its instruction pointer after each hypercall or fault (docs/execution-model.md); the
 * architecture's half is a {@link org.novaemu.kernel.Platform}, a record of roles that mirror NOVA's
 * per-architecture classes (docs/architecture.md).
 */
package org.novaemu.kernel;
