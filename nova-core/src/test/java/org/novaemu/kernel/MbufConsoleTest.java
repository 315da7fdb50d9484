// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;

/** The memory-buffer console (specification C.1) as a console consumer sees it: HIP fields, header, ring. */
class MbufConsoleTest
{
    private Kernel kernel;
    private PhysicalMemory memory;
    private long start;
    private long end;

    private void boot(final TestPlatform p)
    {
        kernel = new Kernel(p.platform(), Engine.builder().build(), Costs.X86_64);
        memory = kernel.bus().memory();
        start = kernel.hip().get(HipField.MBUF_START);
        end = kernel.hip().get(HipField.MBUF_END);
    }

    private long rdIdx()
    {
        return memory.read32(start) & 0xffffffffL;
    }

    private long wrIdx()
    {
        return memory.read32(start + 4) & 0xffffffffL;
    }

    private Sm signal()
    {
        return (Sm) kernel.nova().obj().object(Kernel.NOVA_CONSOLE_SM);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void theHipLocatesOnePageWithTheBootBannerAndOneSignalPerLine(final TestPlatform p)
    {
        boot(p);
        assertThat(end - start).isEqualTo(4096);
        assertThat(start).isEqualTo(kernel.console().start());
        assertThat(kernel.hip().get(HipField.NOVA_START)).isEqualTo(p.kernelMemoryBase());
        assertThat(kernel.hip().get(HipField.NOVA_END)).isEqualTo(p.kernelMemoryBase() + p.kernelMemorySize());
        assertThat(rdIdx()).isZero();
        final String banner = MbufConsole.drain(memory, start, end);
        assertThat(banner).startsWith("NOVA Microhypervisor").endsWith("\n").contains(p.cpus() + " CPUs");
        assertThat(wrIdx()).isEqualTo(banner.length());
        assertThat(rdIdx()).isEqualTo(wrIdx());   // the consumer caught up
        assertThat(signal().counter()).isEqualTo(1); // one line, one up
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aFullBufferDiscardsTheOldestCharactersAndWrapsAround(final TestPlatform p)
    {
        boot(p);
        MbufConsole.drain(memory, start, end);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < MbufConsole.ENTRIES + 100; i++)
        {
            text.append((char) ('a' + i % 26));
        }
        kernel.console().print(text);
        // N - 1 characters fit (the buffer is empty when the indices meet): the newest of them remain.
        final String kept = MbufConsole.drain(memory, start, end);
        assertThat(kept).hasSize(MbufConsole.ENTRIES - 1);
        assertThat(kept).isEqualTo(text.substring(text.length() - (MbufConsole.ENTRIES - 1)));
        assertThat(wrIdx()).isLessThan(MbufConsole.ENTRIES);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void nonsenseInRdIdxNeverMakesTheKernelWriteOutsideTheBuffer(final TestPlatform p)
    {
        boot(p);
        final long after = end; // the page after the console: kernel memory the writes must not reach
        final long before = memory.read64(after);
        memory.write32(start, 0xffff_fff0);
        kernel.console().print("line\n");
        assertThat(memory.read64(after)).isEqualTo(before);
        assertThat(wrIdx()).isLessThan(MbufConsole.ENTRIES);
        assertThat(MbufConsole.drain(memory, start, end)).endsWith("line\n");
    }
}
