// SPDX-License-Identifier: GPL-2.0-only
/**
 * The PC's ISA devices on I/O APIC pins 0 to 15: the 8254 programmable interval timer
 * ({@link org.novaemu.x86.isa.Pit}, counter 0 on GSI 2 as a PC's MADT overrides IRQ0) and the MC146818
 * real-time clock with its CMOS RAM ({@link org.novaemu.x86.isa.Rtc}, IRQ8 on GSI 8).
 */
package org.novaemu.x86.isa;
