// SPDX-License-Identifier: GPL-2.0-only
/**
 * The x86 processor core without a kernel: {@link org.novaemu.x86.cpu.Core} holds what Intel's SDM volume 3
 * calls a logical processor's interrupt and activity state (RFLAGS.IF, blocking by STI and by MOV SS, NMI
 * blocking, the HLT, shutdown and wait-for-SIPI activity states, INIT and start-up IPIs, interrupt
 * acceptance from its local APIC) and runs a {@link org.novaemu.x86.cpu.Ring0Program} in ring 0, one
 * instruction per step, through the {@link org.novaemu.x86.cpu.Ring0} view. A bare
 * {@link org.novaemu.x86.X86Machine} is built with one core per CPU.
 */
package org.novaemu.x86.cpu;
