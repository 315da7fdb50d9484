// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.machine;

/**
 * Where a machine's memory map puts one PCI segment: its ECAM window (256 buses of 1 MiB) and the windows
 * firmware assigns BARs from.
 *
 * @param ecam the ECAM window's address
 * @param low32 the start of the window for 32-bit BARs
 * @param end32 its end (exclusive); equal to {@code low32} if the segment has no 32-bit window
 * @param low64 the start of the window for 64-bit BARs
 * @param end64 its end (exclusive)
 */
public record PcieWindows(long ecam, long low32, long end32, long low64, long end64)
{
}
