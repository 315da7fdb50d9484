// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import java.util.Arrays;

import org.novaemu.util.Require;

/**
 * The Hypervisor Information Page: the byte image the root PD finds at its stack pointer on entry. The
 * kernel fills what it knows (signature, STC frequency, selector widths, CPUs, event selectors), the
 * platform the rest (image addresses, features, the interrupt numbers); {@link #seal()} writes the length
 * and the checksum, which makes the 16-bit sum over all of it zero.
 */
public final class Hip
{
    /** "NOVA" as a little-endian 32-bit value. */
    public static final long SIGNATURE = 0x41564f4eL;

    /**
     * MCO of the memory spaces: an update within one 512-entry table allocates at most the path to it
     * before it writes, so it cannot fail partway (docs/decisions.md K21).
     */
    static final int MEMORY_MCO = 9;

    private final long[] rows;

    /**
     * @param length the HIP's length in bytes, a multiple of 8 ({@link HipField#LENGTH_X86},
     *               {@link HipField#LENGTH_ARM})
     */
    public Hip(final int length)
    {
        Require.inRange("length", length, 0xa0, 0x1000);
        if ((length & 7) != 0)
        {
            throw new IllegalArgumentException("length must be a multiple of 8, was " + length);
        }
        rows = new long[length / 8];
        set(HipField.SIGNATURE, SIGNATURE);
        set(HipField.LENGTH, length);
    }

    /**
     * @param field a field
     * @param value its value; bits beyond the field's width must be zero
     * @return this HIP
     */
    public Hip set(final HipField field, final long value)
    {
        final int w = field.width();
        final long mask = w == 64 ? -1L : (1L << w) - 1;
        if ((value & ~mask) != 0)
        {
            throw new IllegalArgumentException(field + " must fit in " + w + " bits, was 0x" + Long.toHexString(value));
        }
        final int row = field.offset() / 8;
        rows[row] = rows[row] & ~(mask << field.shift()) | value << field.shift();
        return this;
    }

    /**
     * @param field a field
     * @return its value
     */
    public long get(final HipField field)
    {
        final int w = field.width();
        final long mask = w == 64 ? -1L : (1L << w) - 1;
        return rows[field.offset() / 8] >>> field.shift() & mask;
    }

    /** @return the HIP's length in bytes */
    public int length()
    {
        return rows.length * 8;
    }

    /** Writes the checksum: the negated 16-bit sum of every other 16-bit word. */
    public void seal()
    {
        set(HipField.CHECKSUM, 0);
        set(HipField.CHECKSUM, -sum16() & 0xffff);
    }

    /** @return the 16-bit sum of all 16-bit words; 0 for a sealed HIP */
    public int sum16()
    {
        int sum = 0;
        for (final long row : rows)
        {
            sum += (int) (row & 0xffff) + (int) (row >>> 16 & 0xffff) + (int) (row >>> 32 & 0xffff)
                + (int) (row >>> 48 & 0xffff);
        }
        return sum & 0xffff;
    }

    /** @return the little-endian byte image */
    public byte[] bytes()
    {
        final byte[] out = new byte[length()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte) (rows[i >>> 3] >>> ((i & 7) * 8));
        }
        return out;
    }

    @Override
    public String toString()
    {
        return "Hip" + Arrays.toString(rows);
    }

    /**
     * Builds the HIP of a kernel as the specification's section 6.3 lays it out: the kernel's fields, then the
     * platform's part ({@link HipArch#describe}); sealed.
     *
     * @param platform the platform
     * @param stcHz the STC's frequency
     * @param novaStart the physical start of the kernel's memory, which stands for the NOVA image
     * @param novaEnd its end
     * @param console the memory-buffer console
     * @return the HIP
     */
    static Hip build(final Platform platform, final long stcHz, final long novaStart, final long novaEnd,
                     final MbufConsole console)
    {
        final Hip h = new Hip(platform.hip().length());
        h.set(HipField.NOVA_START, novaStart).set(HipField.NOVA_END, novaEnd);
        h.set(HipField.MBUF_START, console.start()).set(HipField.MBUF_END, console.end());
        // ROOT_START and ROOT_END stay 0 until the root loader has mapped the image (Kernel.start).
        final BootInfo boot = platform.layout().bootInfo();
        h.set(HipField.ACPI_RSDP, boot.rsdp()).set(HipField.UEFI_MAP, -1L);
        final Framebuffer fb = boot.framebuffer();
        if (fb != null)
        {
            h.set(HipField.FB_ADDRESS, fb.address()).set(HipField.FB_SIZE, fb.size());
            h.set(HipField.FB_FORMAT, fb.format() & 0xffffffffL).set(HipField.FB_PITCH, fb.pitch());
            h.set(HipField.FB_X, fb.width()).set(HipField.FB_Y, fb.height());
        }
        h.set(HipField.STC_FREQ, stcHz);
        h.set(HipField.SBW_OBJ, SpaceObj.SELECTOR_BITS).set(HipField.MCO_OBJ, 9);
        h.set(HipField.SBW_HST, platform.layout().hostSelectorBits()).set(HipField.MCO_HST, MEMORY_MCO);
        if (platform.supports(Kind.GST))
        {
            h.set(HipField.SBW_GST, platform.vcpus().guestSelectorBits()).set(HipField.MCO_GST, MEMORY_MCO);
        }
        if (platform.supports(Kind.DMA))
        {
            h.set(HipField.SBW_DMA, platform.iommu().selectorBits()).set(HipField.MCO_DMA, MEMORY_MCO);
        }
        if (platform.supports(Kind.PIO))
        {
            h.set(HipField.SBW_PIO, SpacePio.SELECTOR_BITS).set(HipField.MCO_PIO, SpacePio.SELECTOR_BITS);
        }
        if (platform.supports(Kind.MSR))
        {
            h.set(HipField.SBW_MSR, 32).set(HipField.MCO_MSR, 13);
        }
        h.set(HipField.CPU_BSP, 0).set(HipField.CPU_MAX, platform.layout().cpus() - 1);
        h.set(HipField.SEL_HST_ARCH, platform.ec().hostArchEvents()).set(HipField.SEL_HST_NOVA, 2);
        if (platform.supports(Kind.GST))
        {
            h.set(HipField.SEL_GST_ARCH, platform.vcpus().guestArchEvents()).set(HipField.SEL_GST_NOVA, 2);
        }
        platform.hip().describe(h);
        h.seal();
        return h;
    }
}
