// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.util.Require;

/**
 * The framebuffer the boot firmware set up (UEFI GOP, Multiboot 2 tag 8), as the HIP reports it
 * (specification 6.3).
 *
 * @param address its physical address, 4 KiB aligned
 * @param size its size in bytes, at least {@code pitch * height * bytes per pixel}
 * @param format the pixel format word: RL [4:0], RH [9:5], GL [14:10], GH [19:15], BL [24:20], BH [29:25],
 *        bytes per pixel minus one [31:30]
 * @param pitch pixels per scan line, at least {@code width}
 * @param width pixels across
 * @param height pixels down
 */
public record Framebuffer(long address, long size, int format, int pitch, int width, int height)
{
    /** 32-bit pixels, blue in bits 7:0, green 15:8, red 23:16 (UEFI's PixelBlueGreenRedReserved8BitPerColor). */
    public static final int BGRX8888 = 16 | 23 << 5 | 8 << 10 | 15 << 15 | 0 << 20 | 7 << 25 | 3 << 30;

    /**
     * Checks the geometry.
     *
     * @param address its physical address
     * @param size its size in bytes
     * @param format the pixel format word
     * @param pitch pixels per scan line
     * @param width pixels across
     * @param height pixels down
     */
    public Framebuffer
    {
        if ((address & 0xfff) != 0 || address <= 0)
        {
            throw new IllegalArgumentException("address must be 4 KiB aligned and above 0, was 0x"
                + Long.toHexString(address));
        }
        Require.positive("width", width);
        Require.positive("height", height);
        Require.inRange("pitch", pitch, width, Integer.MAX_VALUE);
        final long bytes = (long) pitch * height * ((format >>> 30) + 1);
        Require.inRange("size", size, bytes, Long.MAX_VALUE);
    }
}
