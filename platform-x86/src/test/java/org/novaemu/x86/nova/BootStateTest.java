// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.BootInfo;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Framebuffer;
import org.novaemu.kernel.Hip;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.RootImage;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.boot.MultibootInfo;

/**
 * What the root PD finds at its start on x86 (specification 8.1.2 and 6.3): RDI and RSI as the boot loader
 * left EAX and EBX (a Multiboot 2 launch), RSP at the HIP, and the HIP's framebuffer fields.
 */
class BootStateTest
{
    @Test
    void theRootStartsWithTheMultibootRegistersAndTheHipOnItsStack()
    {
        final X86Machine m = X86Machine.builder().build();
        final Ec root = m.kernel().rootEc();
        assertThat(root.param(0)).isEqualTo(BootInfo.MULTIBOOT2_MAGIC);          // RDI = EAX at boot
        assertThat(root.param(1)).isEqualTo(X86Machine.MULTIBOOT_INFO);           // RSI = EBX at boot
        assertThat(root.gpr(4)).isEqualTo(m.kernel().hipAddress());               // RSP
        final Hip hip = m.kernel().hip();
        assertThat(hip.get(HipField.NOVA_START)).isEqualTo(X86Machine.KERNEL_MEMORY);
    }

    /** @return the Multiboot 2 tags at {@code info}, type to address, checking the walk ends at total_size */
    private static Map<Integer, Long> tags(final PhysicalMemory mem, final long info)
    {
        final Map<Integer, Long> out = new TreeMap<>();
        final long total = mem.read32(info);
        long p = info + 8;
        while (true)
        {
            final int type = mem.read32(p);
            final int size = mem.read32(p + 4);
            assertThat(size).as("tag %d size", type).isGreaterThanOrEqualTo(8);
            assertThat(out.put(type, p)).as("tag %d once", type).isNull();
            p += size + 7 & ~7L; // tags are 8-byte aligned
            if (type == MultibootInfo.END)
            {
                break;
            }
        }
        assertThat(p - info).isEqualTo(total);
        assertThat(mem.read32(info + 4)).isZero(); // reserved
        return out;
    }

    @Test
    void theMultibootInformationHasTheLoaderTheMemoryMapTheFramebufferAndTheRsdp()
    {
        final Framebuffer fb = new Framebuffer(0x8000_0000L, 1024 * 768 * 4, Framebuffer.BGRX8888, 1024, 1024, 768);
        final X86Machine m = X86Machine.builder().framebuffer(fb).build();
        final PhysicalMemory mem = m.bus().memory();
        final Map<Integer, Long> tags = tags(mem, X86Machine.MULTIBOOT_INFO);
        assertThat(tags).containsOnlyKeys(MultibootInfo.END, MultibootInfo.LOADER_NAME, MultibootInfo.MEMORY_MAP,
            MultibootInfo.FRAMEBUFFER, MultibootInfo.ACPI_NEW); // no module tags (X36)
        final long name = tags.get(MultibootInfo.LOADER_NAME);
        final byte[] chars = new byte[mem.read32(name + 4) - 8];
        mem.readBytes(name + 8, chars, 0, chars.length);
        assertThat(new String(chars, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("novaemu\0");
        // The memory map: 24-byte entries of version 0; conventional memory, the legacy area, RAM to 3 GiB.
        final long mm = tags.get(MultibootInfo.MEMORY_MAP);
        assertThat(mem.read32(mm + 4)).isEqualTo(16 + 5 * 24);
        assertThat(mem.read32(mm + 8)).isEqualTo(24);
        assertThat(mem.read32(mm + 12)).isZero();
        // The VT-d tables the kernel's x86 half keeps outside its image are reserved (X36).
        final long tables = X86Machine.TABLES;
        final long size = SmmuItl.TABLES_SIZE;
        final long[][] expect = {{0, 0x9_f000L, 1}, {0x9_f000L, 0x6_1000L, 2}, {0x10_0000L, tables - 0x10_0000L, 1},
            {tables, size, 2}, {tables + size, X86Machine.RAM_END - tables - size, 1}};
        for (int i = 0; i < expect.length; i++)
        {
            assertThat(mem.read64(mm + 16 + 24L * i)).isEqualTo(expect[i][0]);
            assertThat(mem.read64(mm + 24 + 24L * i)).isEqualTo(expect[i][1]);
            assertThat(mem.read32(mm + 32 + 24L * i)).isEqualTo(expect[i][2]);
        }
        // The framebuffer: address, bytes per line, resolution, 32 bpp direct RGB, each colour's position and size.
        final long t = tags.get(MultibootInfo.FRAMEBUFFER);
        assertThat(mem.read64(t + 8)).isEqualTo(0x8000_0000L);
        assertThat(mem.read32(t + 16)).isEqualTo(4096);
        assertThat(mem.read32(t + 20)).isEqualTo(1024);
        assertThat(mem.read32(t + 24)).isEqualTo(768);
        assertThat(mem.read8(t + 28)).isEqualTo(32);
        assertThat(mem.read8(t + 29)).isEqualTo(1);
        assertThat(new int[] {mem.read8(t + 32), mem.read8(t + 33), mem.read8(t + 34), mem.read8(t + 35),
            mem.read8(t + 36), mem.read8(t + 37)}).containsExactly(16, 8, 8, 8, 0, 8);
        // The RSDP, copied whole (ACPI 2.0: 36 bytes), the same the HIP points at.
        final long r = tags.get(MultibootInfo.ACPI_NEW);
        final long rsdp = m.kernel().hip().get(HipField.ACPI_RSDP);
        for (int i = 0; i < 36; i += 4)
        {
            assertThat(mem.read32(r + 8 + i)).isEqualTo(mem.read32(rsdp + i));
        }
        // Without an IOMMU, no tables: RAM from 1 MiB is one range.
        final PhysicalMemory plain = X86Machine.builder().iommu(false).build().bus().memory();
        final long pm = tags(plain, X86Machine.MULTIBOOT_INFO).get(MultibootInfo.MEMORY_MAP);
        assertThat(plain.read32(pm + 4)).isEqualTo(16 + 3 * 24);
        assertThat(plain.read64(pm + 16 + 48 + 8)).isEqualTo(X86Machine.RAM_END - 0x10_0000L);
        // Without ACPI tables and framebuffer, neither tag.
        final X86Machine bare = X86Machine.builder().fadt(null).build();
        assertThat(tags(bare.bus().memory(), X86Machine.MULTIBOOT_INFO))
            .containsOnlyKeys(MultibootInfo.END, MultibootInfo.LOADER_NAME, MultibootInfo.MEMORY_MAP);
    }

    @Test
    void theRootImageIsBootModuleZeroMappedAsItsElfSegmentsSay()
    {
        final X86Machine m = X86Machine.builder().build();
        final Kernel k = m.kernel();
        assertThat(k.hip().get(HipField.ROOT_END)).isZero(); // nothing loaded yet
        k.start(u -> Program.PREEMPT);
        final long image = k.platform().layout().moduleBase();
        assertThat(m.bus().memory().read32(image)).isEqualTo(0x464c457f); // the ELF file, as the loader left it
        assertThat(m.bus().memory().read16(image + 18)).isEqualTo(0x3e);   // EM_X86_64
        assertThat(k.hip().get(HipField.ROOT_START)).isEqualTo(image); // the first segment begins the file
        assertThat(k.hip().get(HipField.ROOT_END)).isEqualTo(image + RootImage.MAX_SIZE - RootImage.TEXT);
        assertThat(k.rootEc().ip()).isEqualTo(RootImage.ENTRY);
        assertThat(k.root().hst().lookup(0)).isZero();
    }

    @Test
    void theHipReportsTheFramebufferOrNone()
    {
        final Hip none = X86Machine.builder().build().kernel().hip();
        assertThat(none.get(HipField.FB_SIZE)).isZero();
        final Framebuffer fb = new Framebuffer(0x8000_0000L, 1024 * 768 * 4, Framebuffer.BGRX8888, 1024, 1024, 768);
        final Hip hip = X86Machine.builder().framebuffer(fb).build().kernel().hip();
        assertThat(hip.get(HipField.FB_ADDRESS)).isEqualTo(0x8000_0000L);
        assertThat(hip.get(HipField.FB_SIZE)).isEqualTo(1024 * 768 * 4);
        assertThat(hip.get(HipField.FB_FORMAT)).isEqualTo(Framebuffer.BGRX8888 & 0xffffffffL);
        assertThat(hip.get(HipField.FB_PITCH)).isEqualTo(1024);
        assertThat(hip.get(HipField.FB_X)).isEqualTo(1024);
        assertThat(hip.get(HipField.FB_Y)).isEqualTo(768);
        assertThat(hip.sum16()).isZero();
        // BGRX: red 23:16, green 15:8, blue 7:0, four bytes a pixel.
        assertThat(Framebuffer.BGRX8888 & 0x1f).isEqualTo(16);
        assertThat(Framebuffer.BGRX8888 >>> 30).isEqualTo(3);
    }

    @Test
    void aFramebufferThatCannotHoldItsPixelsIsRefusedByName()
    {
        assertThatThrownBy(() -> new Framebuffer(0x8000_0000L, 100, Framebuffer.BGRX8888, 1024, 1024, 768))
            .hasMessageContaining("size");
        assertThatThrownBy(() -> new Framebuffer(0x8000_0000L, 1 << 24, Framebuffer.BGRX8888, 100, 1024, 768))
            .hasMessageContaining("pitch");
        assertThatThrownBy(() -> new Framebuffer(0x8000_0100L, 1 << 24, Framebuffer.BGRX8888, 1024, 1024, 768))
            .hasMessageContaining("address");
    }
}
