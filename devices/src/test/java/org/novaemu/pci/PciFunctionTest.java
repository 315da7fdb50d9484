// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.MmioDevice;

/** Headers, ECAM, BAR sizing and decoding, capability lists, and function level reset, as a guest sees them. */
class PciFunctionTest
{
    private Machine m;
    private PciFunction f;
    private final long[] lastWrite = new long[2];

    private final MmioDevice regs = new MmioDevice()
    {
        @Override
        public long read(final long offset, final int size, final long requester)
        {
            return 0x1000 + offset;
        }

        @Override
        public void write(final long offset, final int size, final long value, final long requester)
        {
            lastWrite[0] = offset;
            lastWrite[1] = value;
        }
    };

    @BeforeEach
    void build()
    {
        m = new Machine();
        final Topology t = new Topology(m.segment);
        f = new PciFunction("dev", 0x1234, 0x5678, 0x020000, false, 1);
        f.bar(0, Bar.memory64(0x4000, true, regs, AccessRule.DWORD));
        f.bar(2, Bar.memory32(0x100, regs, AccessRule.DWORD));
        f.capability(new PcieCapability(PcieCapability.ENDPOINT, true));
        f.capability(new PmCapability());
        f.capability(new MsiCapability(4, true, true));
        f.capability(MsixCapability.exclusive(16, 4));
        f.capability(new SriovCapability(8, 0x80, 1, 0x5679));
        t.root().add(f); // 00:01.0
    }

    @Test
    void ecamReadsTheHeaderAndAllOnesWhereNothingIs()
    {
        assertThat(m.cfg(0, 1, 0, 0, 4)).isEqualTo(0x5678_1234L);
        assertThat(m.cfg(0, 1, 0, 0x0a, 2)).isEqualTo(0x0200);
        assertThat(m.cfg(0, 1, 0, 0x3d, 1)).isEqualTo(1);
        assertThat(m.cfg(0, 0, 0, 0x0b, 1)).isEqualTo(0x06); // the host bridge
        assertThat(m.cfg(0, 2, 0, 0, 4)).isEqualTo(0xffff_ffffL);
        assertThat(m.cfg(0, 1, 1, 0, 2)).isEqualTo(0xffff);
        assertThat(m.cfg(200, 3, 7, 0, 1)).isEqualTo(0xff);
        // ECAM takes aligned accesses of at most 4 bytes; the bus refuses the rest.
        assertThat(m.bus.read(Machine.at(0, 1, 0, 0), 8)).isEqualTo(-1L);
        assertThat(m.bus.read(Machine.at(0, 1, 0, 1), 2)).isEqualTo(0xffff);
        m.cfg(0, 2, 0, 4, 2, 0xffff); // a write to nothing is dropped
    }

    @Test
    void commandAndStatusHaveTheirAttributes()
    {
        m.cfg(f, 0x04, 2, 0xffff);
        assertThat(m.cfg(f, 0x04, 2)).isEqualTo(0x0547);
        assertThat(m.cfg(f, 0x06, 2) & Header.STATUS_CAPABILITIES).isNotZero();
        f.config().set(0x06, 2, (int) m.cfg(f, 0x06, 2) | 0x8000); // detected parity error
        m.cfg(f, 0x06, 2, 0x8000);
        assertThat(m.cfg(f, 0x06, 2) & 0x8000).isZero();
        m.cfg(f, 0x00, 4, 0); // IDs are read-only
        assertThat(m.cfg(f, 0x00, 4)).isEqualTo(0x5678_1234L);
    }

    @Test
    void barsSizeAndDecodeWhereTheyAreProgrammed()
    {
        m.cfg(f, 0x10, 4, 0xffff_ffffL);
        m.cfg(f, 0x14, 4, 0xffff_ffffL);
        assertThat(m.cfg(f, 0x10, 4)).isEqualTo(0xffff_c00cL); // 16 KiB, 64-bit, prefetchable
        assertThat(m.cfg(f, 0x14, 4)).isEqualTo(0xffff_ffffL);
        m.cfg(f, 0x18, 4, 0xffff_fff0L);
        assertThat(m.cfg(f, 0x18, 4)).isEqualTo(0xffff_ff00L); // 256 bytes, 32-bit
        m.cfg(f, 0x10, 4, 0xc000_0000L);
        m.cfg(f, 0x14, 4, 0x1);
        m.cfg(f, 0x18, 4, 0x9000_0000L);
        assertThat(m.bus.read(0x1_c000_0008L, 4)).isEqualTo(0xffff_ffffL); // decoding is still off
        m.cfg(f, 0x04, 2, Header.COMMAND_MEMORY);
        assertThat(f.barAddress(0)).isEqualTo(0x1_c000_0000L);
        assertThat(m.bus.read(0x1_c000_0008L, 4)).isEqualTo(0x1008);
        assertThat(m.bus.read(0x9000_0010L, 4)).isEqualTo(0x1010);
        m.bus.write(0x9000_0004L, 4, 77);
        assertThat(lastWrite).containsExactly(4, 77);
        // Moving a BAR unmaps the old place.
        m.cfg(f, 0x18, 4, 0x9000_1000L);
        assertThat(m.bus.read(0x9000_0010L, 4)).isEqualTo(0xffff_ffffL);
        assertThat(m.bus.read(0x9000_1010L, 4)).isEqualTo(0x1010);
        // Two BARs of the function swap places in two writes: the first write leaves BAR0 undecoded over
        // BAR2 (16 KiB at 0x9000_0000 covers BAR2 at 0x9000_1000), the second lets it map.
        m.cfg(f, 0x10, 4, 0x9000_0000L);
        m.cfg(f, 0x14, 4, 0);
        assertThat(f.barAddress(0)).isEqualTo(-1);
        m.cfg(f, 0x18, 4, 0xc000_0000L);
        assertThat(f.barAddress(0)).isEqualTo(0x9000_0000L);
        assertThat(f.barAddress(2)).isEqualTo(0xc000_0000L);
        m.cfg(f, 0x18, 4, 0x9000_1000L); // back inside BAR0: a conflict
        final long conflicts = f.barConflicts();
        assertThat(conflicts).isPositive();
        // A BAR over RAM or ECAM does not decode, and nothing throws.
        m.cfg(f, 0x18, 4, 0x1000_0000L);
        assertThat(f.barAddress(2)).isEqualTo(-1);
        assertThat(f.barConflicts()).isGreaterThan(conflicts);
        m.cfg(f, 0x04, 2, 0);
        assertThat(m.bus.read(0x1_c000_0008L, 4)).isEqualTo(0xffff_ffffL);
    }

    @Test
    void capabilityListsWalkAsAGuestWalksThem()
    {
        final int[] expect = {Capability.ID_PCIE, Capability.ID_PM, Capability.ID_MSI, Capability.ID_MSIX};
        int at = (int) m.cfg(f, 0x34, 1);
        for (final int id : expect)
        {
            assertThat(at).isBetween(0x40, 0xfc);
            assertThat(at & 3).isZero();
            assertThat(m.cfg(f, at, 1)).isEqualTo(id);
            at = (int) m.cfg(f, at + 1, 1);
        }
        assertThat(at).isZero();
        final long ext = m.cfg(f, 0x100, 4);
        assertThat(ext & 0xffff).isEqualTo(Capability.EXT_ID_SRIOV);
        assertThat(ext >>> 16 & 0xf).isEqualTo(1);
        assertThat(ext >>> 20).isZero();
        assertThat(m.cfg(f, 0x10e, 2)).isEqualTo(8); // TotalVFs
        assertThat(m.cfg(f, 0x11a, 2)).isEqualTo(0x5679);
        final PcieCapability pcie = (PcieCapability) f.find(Capability.ID_PCIE, false);
        assertThat(m.cfg(f, pcie.offset() + 4, 4) & PcieCapability.DEVCAP_FLR).isNotZero();
    }

    @Test
    void functionLevelResetRestoresTheFunction()
    {
        m.cfg(f, 0x18, 4, 0x9000_0000L);
        m.cfg(f, 0x04, 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
        final PcieCapability pcie = (PcieCapability) f.find(Capability.ID_PCIE, false);
        m.cfg(f, pcie.offset() + 8, 2, PcieCapability.DEVCTL_FLR | 0x20);
        assertThat(pcie.resets()).isEqualTo(1);
        assertThat(m.cfg(f, 0x04, 2)).isZero();
        assertThat(m.cfg(f, 0x18, 4)).isZero();
        assertThat(f.barAddress(2)).isEqualTo(-1);
        assertThat(m.bus.read(0x9000_0010L, 4)).isEqualTo(0xffff_ffffL);
        assertThat(m.cfg(f, pcie.offset() + 8, 2) & PcieCapability.DEVCTL_FLR).isZero();
    }

    @Test
    void builderMisuseNamesWhatIsWrong()
    {
        assertThatThrownBy(() -> f.bar(1, Bar.memory32(16, regs, AccessRule.DWORD))).hasMessageContaining("taken");
        assertThatThrownBy(() -> f.bar(5, Bar.memory64(16, false, regs, AccessRule.DWORD)))
            .hasMessageContaining("bar 5");
        assertThatThrownBy(() -> Bar.memory32(100, regs, AccessRule.DWORD)).hasMessageContaining("power of two");
        assertThatThrownBy(() -> new MsiCapability(3, true, true)).hasMessageContaining("vectors");
        assertThatThrownBy(() -> new PciSegment(0, m.bus, 0xc000_0000L, 257, null)).hasMessageContaining("buses");
        assertThatThrownBy(() -> m.segment.add(0, 1 << 3, new PciFunction("again", 1, 2, 0, false, 0), 0, 0))
            .hasMessageContaining("0000:00:01.0 is taken by dev");
    }
}
