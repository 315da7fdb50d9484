// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.BootInfo;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Framebuffer;
import org.novaemu.kernel.Hip;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.RootImage;
import org.novaemu.x86.X86Machine;

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
        // The information structure: its total size, then the end tag (type 0, size 8).
        assertThat(m.bus().memory().read32(X86Machine.MULTIBOOT_INFO)).isEqualTo(16);
        assertThat(m.bus().memory().read64(X86Machine.MULTIBOOT_INFO + 8)).isEqualTo(8L << 32);
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
