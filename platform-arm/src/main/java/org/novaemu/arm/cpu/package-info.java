// SPDX-License-Identifier: GPL-2.0-only
/**
 * The Arm CPU side the platform needs besides the GIC: PE affinity ({@link org.novaemu.arm.cpu.Mpidr}), the
 * system counter ({@link org.novaemu.arm.cpu.SystemCounter}, NOVA's STC), and each PE's Generic Timer as
 * register-level models ({@link org.novaemu.arm.cpu.GenericTimer}: the EL2 physical timer and the EL1
 * virtual timer), reached through typed System registers ({@link org.novaemu.arm.cpu.SysReg},
 * {@link org.novaemu.arm.cpu.Pe}). Timers fire through the engine's timers and drive level lines to their
 * PPIs (26 and 27, SBSA).
 */
package org.novaemu.arm.cpu;
