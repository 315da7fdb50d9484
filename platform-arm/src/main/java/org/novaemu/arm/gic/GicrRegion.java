// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import org.novaemu.bus.MmioDevice;

/**
 * A redistributor region (IHI 0069, chapter 12, redistributor regions): the 128 KiB frames of consecutive
 * redistributors, one after the other, the last of them with GICR_TYPER.Last set.
 */
final class GicrRegion implements MmioDevice
{
    private final Gicr[] frames;

    /**
     * @param frames the redistributors in the region, in address order
     */
    GicrRegion(final Gicr[] frames)
    {
        this.frames = frames.clone();
    }

    @Override
    public long read(final long offset, final int size, final long requester)
    {
        return frames[(int) (offset / GicrRegister.FRAMES)].read(offset % GicrRegister.FRAMES, size);
    }

    @Override
    public void write(final long offset, final int size, final long value, final long requester)
    {
        frames[(int) (offset / GicrRegister.FRAMES)].write(offset % GicrRegister.FRAMES, size, value);
    }
}
