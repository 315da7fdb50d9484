// SPDX-License-Identifier: GPL-2.0-only
/**
 * The PC's ISA devices on I/O APIC pins 0 to 15: the 8254 programmable interval timer
 * ({@link org.novaemu.x86.isa.Pit}, counter 0 on GSI 2 as a PC's MADT overrides IRQ0).
 */
package org.novaemu.x86.isa;
