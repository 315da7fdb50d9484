// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.acpi;

/** The machine's power state as its ACPI fixed hardware sets it (ACPI 6.5, 16.1; ICH9's SLP_TYP values). */
public enum PowerState
{
    /** G0/S0: running. */
    WORKING,
    /** S1, stop grant: shallow; the modelled chipset wakes at once. */
    S1,
    /** S3, suspend to RAM: shallow; the modelled chipset wakes at once. */
    S3,
    /** S4, suspend to disk: the machine stops. */
    S4,
    /** S5, soft off: the machine stops. */
    S5,
    /** A platform reset through the reset register: the machine stops. */
    RESET
}
