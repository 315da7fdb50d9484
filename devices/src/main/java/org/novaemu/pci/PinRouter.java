// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

/**
 * The platform's routing of INTx at the root bus (what ACPI's _PRT describes): which interrupt controller
 * input a pin of a device on bus 0 of a segment drives. Pins from behind bridges arrive swizzled. The
 * platform returns the same {@link IntxRoute} for every pin it wires to one input, so that the input stays
 * asserted while any of them is.
 */
@FunctionalInterface
public interface PinRouter
{
    /**
     * @param segment the segment
     * @param device the device number on the root bus, 0 to 31
     * @param pin 1 to 4 for INTA# to INTD#
     * @return the wired OR in front of the input, or null if the pin is not connected
     */
    IntxRoute route(int segment, int device, int pin);
}
