// SPDX-License-Identifier: GPL-2.0-only
/**
 * The machine's EL3 firmware as the hypervisor sees it through SMC: the PSCI power services
 * ({@link org.novaemu.arm.firmware.Psci}) that ctrl_hw's S-state transitions use on Arm, and CPU_ON and
 * AFFINITY_INFO with which a bare machine's primary PE starts the others.
 */
package org.novaemu.arm.firmware;
