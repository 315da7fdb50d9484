// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.kernel.RootImage.Segment;
import org.novaemu.sim.Engine;

/**
 * The root task's start as NOVA's root loader makes it (specification 6.2 and the HIP's root image fields in
 * 6.3): the root host space maps the image's loadable segments with their permissions and nothing else, the
 * root EC enters at the ELF entry point, and an image NOVA refuses starts no root (decision K41).
 */
class RootImageTest
{
    private static final int RX = RootImage.PF_R | RootImage.PF_X;
    private static final int RW = RootImage.PF_R | RootImage.PF_W;

    private final List<String> log = new ArrayList<>();
    private Kernel kernel;

    private Kernel boot(final TestPlatform p)
    {
        kernel = new Kernel(p.platform(), Engine.builder().build(), Costs.X86_64);
        return kernel;
    }

    private long lookup(final long address)
    {
        return kernel.root().hst().lookup(address >>> 12);
    }

    private String console()
    {
        return MbufConsole.drain(kernel.memory(), kernel.console().start(), kernel.console().end());
    }

    /** A root that logs its entry IP, then tries {@code access} and logs that it survived. */
    private Program tries(final java.util.function.Consumer<User> access)
    {
        return u -> {
            log.add("entered at " + Long.toHexString(u.ip()));
            access.accept(u);
            log.add("survived");
            u.charge(1_000_000);
            return Program.PREEMPT;
        };
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void theStandardImageMapsItsTwoSegmentsWithTheirPermissionsAndNothingElse(final TestPlatform p)
    {
        boot(p).start(u -> Program.PREEMPT);
        final long module = p.platform().layout().moduleBase();
        assertThat(SpaceMem.perms(lookup(0))).isZero(); // the null page
        assertThat(SpaceMem.perms(lookup(RootImage.TEXT - 0x1000))).isZero();
        assertThat(SpaceMem.perms(lookup(RootImage.TEXT))).isEqualTo(Perm.MEM_R | Perm.MEM_XU);
        assertThat(SpaceMem.perms(lookup(RootImage.DATA - 0x1000))).isEqualTo(Perm.MEM_R | Perm.MEM_XU);
        assertThat(SpaceMem.perms(lookup(RootImage.DATA))).isEqualTo(Perm.MEM_R | Perm.MEM_W);
        assertThat(SpaceMem.perms(lookup(RootImage.MAX_SIZE - 0x1000))).isEqualTo(Perm.MEM_R | Perm.MEM_W);
        assertThat(SpaceMem.perms(lookup(RootImage.MAX_SIZE))).isZero();
        // Each page at its place in the file, which the boot loader put at boot module 0; the pages are the
        // root's to delegate (not kernel pages).
        assertThat(SpaceMem.frame(lookup(RootImage.DATA + 0x5000)))
            .isEqualTo(module + RootImage.DATA - RootImage.TEXT + 0x5000 >>> 12);
        assertThat(SpaceMem.isKernel(lookup(RootImage.TEXT))).isFalse();
        // The HIP names the physical span of the loaded segments: the file from its start.
        assertThat(kernel.hip().get(HipField.ROOT_START)).isEqualTo(module);
        assertThat(kernel.hip().get(HipField.ROOT_END)).isEqualTo(module + RootImage.MAX_SIZE - RootImage.TEXT);
        assertThat(kernel.hip().sum16()).isZero();
        assertThat(kernel.memory().read64(hipFrameOf(kernel) + HipField.ROOT_START.offset()))
            .isEqualTo(module); // and the page the root reads says so
    }

    /** @return where the root host space maps the HIP, in physical memory */
    private static long hipFrameOf(final Kernel k)
    {
        return SpaceMem.frame(k.root().hst().lookup(k.hipAddress() >>> 12)) << 12;
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void theRootEntersAtTheEntryPointAndUsesItsData(final TestPlatform p)
    {
        boot(p).start(tries(u -> {
            u.write(RootImage.DATA + 8, 8, 0x1234);
            log.add("read " + Long.toHexString(u.read(RootImage.DATA + 8, 8)));
            log.add("code " + Long.toHexString(u.read(RootImage.TEXT, 4))); // the headers begin the code
        }));
        kernel.engine().runUntil(100_000);
        assertThat(log).startsWith("entered at " + Long.toHexString(RootImage.ENTRY), "read 1234", "code 464c457f",
            "survived");
        assertThat(kernel.rootEc().isKilled()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aLoadFromTheNullPageFaultsAndKillsARootWithoutAHandler(final TestPlatform p)
    {
        boot(p).start(tries(u -> u.read(0, 8)));
        kernel.engine().runUntil(100_000);
        assertThat(log).containsExactly("entered at " + Long.toHexString(RootImage.ENTRY));
        assertThat(kernel.rootEc().isKilled()).isTrue();
        assertThat(kernel.rootEc().exceptionEvent()).isEqualTo(p.faultEvent(User.READ));
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aStoreIntoCodeFaults(final TestPlatform p)
    {
        boot(p).start(tries(u -> u.write(RootImage.ENTRY + 0x10, 8, -1L)));
        kernel.engine().runUntil(100_000);
        assertThat(log).containsExactly("entered at " + Long.toHexString(RootImage.ENTRY));
        assertThat(kernel.rootEc().isKilled()).isTrue();
        assertThat(kernel.memory().read64(p.platform().layout().moduleBase() + 0x1010)).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void anImageOfItsOwnMapsExactlyItsSegments(final TestPlatform p)
    {
        final RootImage image = new RootImage(0x40_0010L, List.of(
            new Segment(0x40_0000L, 0x1800, RX),              // code, ending inside its second page
            new Segment(0x40_2000L, 0x1000, RootImage.PF_R),  // read-only data
            new Segment(0x40_4000L, 0x1000, 0),               // no permissions: NOVA skips it
            new Segment(0x60_0000L, 0x40_0000L, RW)));        // data, 2 MiB pages where they fit
        boot(p).start(tries(u -> u.write(0x40_2000L, 8, 1)), image);
        assertThat(SpaceMem.perms(lookup(0x40_0000L))).isEqualTo(Perm.MEM_R | Perm.MEM_XU);
        assertThat(SpaceMem.perms(lookup(0x40_1000L))).isEqualTo(Perm.MEM_R | Perm.MEM_XU); // page-rounded
        assertThat(SpaceMem.perms(lookup(0x40_2000L))).isEqualTo(Perm.MEM_R);
        assertThat(SpaceMem.perms(lookup(0x40_3000L))).isZero();
        assertThat(SpaceMem.perms(lookup(0x40_4000L))).isZero();
        assertThat(SpaceMem.perms(lookup(0x9f_f000L))).isEqualTo(Perm.MEM_R | Perm.MEM_W);
        assertThat(SpaceMem.perms(lookup(0xa0_0000L))).isZero();
        assertThat(SpaceMem.perms(lookup(RootImage.TEXT))).isZero();
        final long module = p.platform().layout().moduleBase();
        assertThat(kernel.hip().get(HipField.ROOT_START)).isEqualTo(module);
        assertThat(kernel.hip().get(HipField.ROOT_END)).isEqualTo(module + 0x60_0000L);
        assertThat(SpaceMem.frame(lookup(0x60_0000L))).isEqualTo(module + 0x20_0000L >>> 12);
        kernel.engine().runUntil(100_000);
        assertThat(log).containsExactly("entered at 400010"); // the store into read-only data faulted
        assertThat(kernel.rootEc().isKilled()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void anImageThatIsNotAnExecutableForThisArchitectureStartsNoRoot(final TestPlatform p)
    {
        final byte[] good = RootImage.standard().elf(p.abi().elfMachine());
        assertThat(startsWith(p, good)).isTrue();
        final int other = p.abi() == Abi.X86_64 ? Abi.AARCH64.elfMachine() : Abi.X86_64.elfMachine();
        assertThat(startsWith(p, RootImage.standard().elf(other))).isFalse();
        assertThat(console()).contains("ROOT: Invalid image");
        assertThat(SpaceMem.perms(lookup(RootImage.TEXT))).isZero();
        assertThat(kernel.hip().get(HipField.ROOT_END)).isZero();
        kernel.engine().runUntil(100_000);
        assertThat(log).isEmpty(); // the root never ran
        for (final int at : new int[] {0, 4, 5, 6, 16})
        {
            final byte[] bad = good.clone();
            bad[at] ^= 0x40; // magic, class, data, version, type
            assertThat(startsWith(p, bad)).as("byte %d", at).isFalse();
        }
        assertThat(startsWith(p, new byte[0])).isFalse();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aSegmentNovaRefusesEndsTheLoadingWithTheSegmentsBeforeItMapped(final TestPlatform p)
    {
        final byte[] zeroFill = RootImage.standard().elf(p.abi().elfMachine());
        put(zeroFill, RootImage.EHDR_SIZE + RootImage.PHDR_SIZE + 40, 0x2000_0000L); // data: memsz > filesz
        assertThat(startsWith(p, zeroFill)).isFalse();
        assertThat(SpaceMem.perms(lookup(RootImage.TEXT))).isNotZero(); // the code segment came first
        assertThat(SpaceMem.perms(lookup(RootImage.DATA))).isZero();

        final byte[] skewed = RootImage.standard().elf(p.abi().elfMachine());
        put(skewed, RootImage.EHDR_SIZE + 16, RootImage.TEXT + 0x10); // vaddr not congruent to the offset
        assertThat(startsWith(p, skewed)).isFalse();

        // K41: beyond the module, or into the root UTCB and HIP.
        final byte[] beyond = RootImage.standard().elf(p.abi().elfMachine());
        put(beyond, RootImage.EHDR_SIZE + RootImage.PHDR_SIZE + 32, RootImage.MAX_SIZE);  // filesz
        put(beyond, RootImage.EHDR_SIZE + RootImage.PHDR_SIZE + 40, RootImage.MAX_SIZE);  // memsz
        assertThat(startsWith(p, beyond)).isFalse();
        final byte[] high = RootImage.standard().elf(p.abi().elfMachine());
        put(high, RootImage.EHDR_SIZE + RootImage.PHDR_SIZE + 16, kernel.rootUtcbAddress()); // vaddr
        assertThat(startsWith(p, high)).isFalse();

        // A header that is not PT_LOAD is skipped.
        final byte[] note = RootImage.standard().elf(p.abi().elfMachine());
        note[RootImage.EHDR_SIZE + RootImage.PHDR_SIZE] = 4; // p_type PT_NOTE, flags kept
        assertThat(startsWith(p, note)).isTrue();
        assertThat(SpaceMem.perms(lookup(RootImage.DATA))).isZero();
    }

    /** An ELF header and PT_LOAD headers {offset, vaddr, size, flags} for this platform. */
    private static byte[] elf(final TestPlatform p, final long entry, final long[]... segments)
    {
        final byte[] out = new byte[RootImage.EHDR_SIZE + RootImage.PHDR_SIZE * segments.length];
        final byte[] head = new RootImage(RootImage.ENTRY, List.of(new Segment(RootImage.TEXT, 0x2000, RX)))
            .elf(p.abi().elfMachine());
        System.arraycopy(head, 0, out, 0, RootImage.EHDR_SIZE);
        put(out, 24, entry);
        out[56] = (byte) segments.length;
        out[57] = (byte) (segments.length >>> 8);
        for (int i = 0; i < segments.length; i++)
        {
            final int at = RootImage.EHDR_SIZE + RootImage.PHDR_SIZE * i;
            put(out, at, 1 | segments[i][3] << 32); // PT_LOAD, flags
            put(out, at + 8, segments[i][0]);
            put(out, at + 16, segments[i][1]);
            put(out, at + 32, segments[i][2]);
            put(out, at + 40, segments[i][2]);
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void anImageWhoseTablesKernelMemoryCannotHoldStartsNoRootAndThrowsNothing(final TestPlatform p)
    {
        // Two thousand pages 1 GiB apart: two new tables each, far more than 4 MiB of kernel memory holds.
        final long[][] segments = new long[2000][];
        for (int i = 0; i < segments.length; i++)
        {
            segments[i] = new long[] {0x1000, (i + 1L) << 30, 0x1000, RootImage.PF_R};
        }
        kernel = new Kernel(p.withKernelMemory(4L << 20).platform(), Engine.builder().build(), Costs.X86_64);
        assertThat(kernel.start(u -> Program.PREEMPT, elf(p, 1L << 30, segments))).isFalse();
        assertThat(console()).contains("ROOT: Out of memory");
        kernel.engine().runUntil(100_000);
        assertThat(kernel.rootEc().isKilled()).isFalse(); // it never ran
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aRootImageOfTheCallersThatCannotBeMappedIsAConfigurationErrorByName(final TestPlatform p)
    {
        kernel = new Kernel(p.withKernelMemory(4L << 20).platform(), Engine.builder().build(), Costs.X86_64);
        final long utcb = kernel.rootUtcbAddress();
        final RootImage high = new RootImage(utcb - 0x1000, List.of(new Segment(utcb - 0x1000, 0x2000, RX)));
        assertThatThrownBy(() -> kernel.start(u -> Program.PREEMPT, high)).hasMessageContaining("image");
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void programHeadersBeyondTheModuleAreRefused(final TestPlatform p)
    {
        final byte[] beyond = elf(p, RootImage.ENTRY, new long[] {0, RootImage.TEXT, 0x2000, RX});
        put(beyond, 32, RootImage.MAX_SIZE - RootImage.PHDR_SIZE / 2); // e_phoff: the header straddles the end
        assertThat(startsWith(p, beyond)).isFalse();
        final byte[] offset = elf(p, RootImage.ENTRY, new long[] {RootImage.MAX_SIZE, RootImage.TEXT, 0x1000, RX});
        assertThat(startsWith(p, offset)).isFalse(); // p_offset beyond the module
        final byte[] huge = elf(p, RootImage.ENTRY, new long[] {0x1000, RootImage.TEXT, -0x1000L, RX});
        assertThat(startsWith(p, huge)).isFalse(); // p_filesz near 2^64 wraps no bound
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void anyEntryIsTakenAsGivenAndAnImageThatMapsNothingHasNovasEmptySpan(final TestPlatform p)
    {
        assertThat(startsWith(p, elf(p, -1L, new long[] {0, RootImage.TEXT, 0x2000, RX}))).isTrue();
        assertThat(kernel.rootEc().ip()).isEqualTo(-1L); // it will fault there, as on NOVA
        assertThat(startsWith(p, elf(p, RootImage.ENTRY, new long[] {0, RootImage.TEXT, 0x2000, 0}))).isTrue();
        assertThat(kernel.hip().get(HipField.ROOT_START)).isEqualTo(-1L); // NOVA's root_s: all ones
        assertThat(kernel.hip().get(HipField.ROOT_END)).isZero();
        assertThat(kernel.hip().sum16()).isZero();
    }

    private boolean startsWith(final TestPlatform p, final byte[] elf)
    {
        return boot(p).start(u -> {
            log.add("ran");
            return Program.PREEMPT;
        }, elf);
    }

    private static void put(final byte[] elf, final int at, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            elf[at + i] = (byte) (value >>> 8 * i);
        }
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void aSecondStartIsRefused(final TestPlatform p)
    {
        boot(p).start(u -> Program.PREEMPT);
        assertThatThrownBy(() -> kernel.start(u -> Program.PREEMPT, RootImage.standard()))
            .isInstanceOf(IllegalStateException.class);
    }

    @org.junit.jupiter.api.Test
    void builderMisuseNamesTheField()
    {
        assertThatThrownBy(() -> new Segment(-1, 0x1000, RX)).hasMessageContaining("address");
        assertThatThrownBy(() -> new Segment(0x1000, 0, RX)).hasMessageContaining("size");
        assertThatThrownBy(() -> new Segment(0x1000, RootImage.MAX_SIZE + 1, RX)).hasMessageContaining("size");
        assertThatThrownBy(() -> new Segment(0x1000, 0x1000, 8)).hasMessageContaining("flags");
        assertThatThrownBy(() -> new RootImage(0x1000, List.of())).hasMessageContaining("segments");
        assertThatThrownBy(() -> new RootImage(0x1000, List.of(new Segment(0x1000, 0x2000, RX),
            new Segment(0x2000, 0x1000, RW)))).hasMessageContaining("segments");
        assertThatThrownBy(() -> new RootImage(0x1100, List.of(new Segment(0x1100, 0x2000, RX))))
            .hasMessageContaining("segments"); // the first segment holds the headers from a page on
        assertThatThrownBy(() -> new RootImage(0x1000, List.of(new Segment(0x1000, 0x40, RX))))
            .hasMessageContaining("segments"); // too small for them
        assertThatThrownBy(() -> new RootImage(0x1000, List.of(new Segment(0x1000, 0x2000, RX),
            new Segment(RootImage.MAX_SIZE, 0x2000, RW)))).hasMessageContaining("segments"); // beyond 1 GiB
        assertThatThrownBy(() -> new RootImage(0x5000, List.of(new Segment(0x1000, 0x2000, RX))))
            .hasMessageContaining("entry");
        assertThatThrownBy(() -> new RootImage(0x1000, List.of(new Segment(0x1000, 0x2000, RW))))
            .hasMessageContaining("entry"); // not executable
    }
}
