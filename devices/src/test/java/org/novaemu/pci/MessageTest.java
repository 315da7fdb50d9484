// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.RecordingMmio;
import org.novaemu.irq.IrqLine;

/**
 * MSI and MSI-X as a driver programs them through configuration space and the MSI-X BAR; messages are
 * pointed at RAM, where the data word appears (as QEMU's virtio tests check them), or at a recording sink.
 */
class MessageTest
{
    private static final long TABLE = 0x9000_0000L;
    private static final long SINK = 0xfee0_0000L;

    private Machine m;
    private PciFunction f;
    private MsiCapability msi;
    private MsixCapability msix;
    private IrqLine line;
    private final RecordingMmio sink = new RecordingMmio(16);

    @BeforeEach
    void build()
    {
        final org.novaemu.sim.Engine e = org.novaemu.sim.Engine.builder().build();
        line = new IrqLine("gsi16", 16, e.trace());
        final IntxRoute wire = new IntxRoute(line);
        m = new Machine(256, (seg, dev, pin) -> wire);
        m.bus.mapMmio("sink", SINK, 0x10_0000, sink, AccessRule.DWORD);
        final Topology t = new Topology(m.segment);
        f = new PciFunction("dev", 0x1234, 0x5678, 0x020000, false, 1);
        msi = f.capability(new MsiCapability(8, true, true));
        msix = f.capability(MsixCapability.exclusive(MsixCapability.MAX_VECTORS, 2));
        f.bar(2, Bar.memory64(MsixCapability.exclusiveBarSize(MsixCapability.MAX_VECTORS), false, msix.mmio(),
            AccessRule.DWORD_QWORD));
        t.root().rootPort().add(f); // 01:00.0
        m.cfg(f, 0x18, 4, TABLE);
        m.cfg(f, 0x04, 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
    }

    @Test
    void msiSendsDataWithTheVectorInItsLowBitsAndLatchesWhileMasked()
    {
        final int ctl = msi.offset() + 2;
        assertThat(m.cfg(f, ctl, 2)).isEqualTo(3 << 1 | MsiCapability.ADDRESS64 | MsiCapability.MASKABLE);
        m.cfg(f, msi.offset() + 4, 4, 0x1000);
        m.cfg(f, msi.offset() + 8, 4, 0);
        m.cfg(f, msi.offset() + 0xc, 2, 0x4560);
        assertThat(msi.signal(0)).isFalse(); // not enabled
        m.cfg(f, ctl, 2, MsiCapability.ENABLE | 7 << 4); // asks for 128 vectors: clamped to the 8 it has
        assertThat(m.cfg(f, ctl, 2) >>> 4 & 7).isEqualTo(3);
        assertThat(msi.signal(5)).isTrue();
        assertThat(m.bus.memory().read32(0x1000)).isEqualTo(0x4565);
        assertThat(msi.signal(8)).isFalse();
        // Mask vector 2: signalling it sets its pending bit; unmasking sends it once.
        m.cfg(f, msi.offset() + 0x10, 4, 1 << 2);
        assertThat(msi.signal(2)).isFalse();
        assertThat(msi.signal(2)).isFalse();
        assertThat(m.cfg(f, msi.offset() + 0x14, 4)).isEqualTo(1 << 2);
        m.bus.memory().write32(0x1000, 0);
        m.cfg(f, msi.offset() + 0x10, 4, 0);
        assertThat(m.bus.memory().read32(0x1000)).isEqualTo(0x4562);
        assertThat(msi.pendingBits()).isZero();
        m.cfg(f, msi.offset() + 0x14, 4, -1); // pending bits are read-only
        assertThat(msi.pendingBits()).isZero();
        // Without bus mastering no message leaves.
        m.cfg(f, 0x04, 2, Header.COMMAND_MEMORY);
        assertThat(msi.signal(1)).isFalse();
    }

    @Test
    void msixVectorsStartMaskedLatchPendingAndSendOnceOnUnmask()
    {
        final int ctl = msix.offset() + 2;
        assertThat(m.cfg(f, ctl, 2)).isEqualTo(MsixCapability.MAX_VECTORS - 1);
        assertThat(m.cfg(f, msix.offset() + 4, 4)).isEqualTo(2);
        assertThat(m.cfg(f, msix.offset() + 8, 4)).isEqualTo(MsixCapability.MAX_VECTORS * 16 | 2);
        final long entry = TABLE + 16 * 2047;
        assertThat(m.bus.read(entry + 12, 4)).isEqualTo(1); // masked after reset
        m.bus.write(entry, 8, SINK | 0x2000);
        m.bus.write(entry + 8, 4, 0x41);
        assertThat(m.bus.read(entry, 8)).isEqualTo(SINK | 0x2000);
        m.cfg(f, ctl, 2, MsixCapability.ENABLE);
        assertThat(msix.signal(2047)).isFalse();
        assertThat(msix.signal(2047)).isFalse();
        assertThat(m.bus.read(TABLE + MsixCapability.MAX_VECTORS * 16 + 8 * 31, 8)).isEqualTo(1L << 63); // PBA
        m.bus.write(entry + 12, 4, 0); // unmask: the pending message goes, once
        assertThat(sink.count()).isEqualTo(1);
        assertThat(sink.requester(sink.count() - 1)).isEqualTo(f.requesterId());
        assertThat(msix.pending(2047)).isFalse();
        assertThat(msix.signal(2047)).isTrue();
        assertThat(sink.count()).isEqualTo(2);
        // The function mask holds every vector back; clearing it releases what is pending.
        m.cfg(f, ctl, 2, MsixCapability.ENABLE | MsixCapability.FUNCTION_MASK);
        assertThat(msix.signal(2047)).isFalse();
        assertThat(sink.count()).isEqualTo(2);
        m.cfg(f, ctl, 2, MsixCapability.ENABLE);
        assertThat(sink.count()).isEqualTo(3);
        // Accesses past the table and the PBA, or of odd sizes, read zero and change nothing.
        final long end = TABLE + MsixCapability.exclusiveBarSize(MsixCapability.MAX_VECTORS) - 8;
        m.bus.write(end, 8, -1);
        assertThat(m.bus.read(end, 8)).isZero();
        m.bus.write(TABLE + MsixCapability.MAX_VECTORS * 16, 8, -1L); // the PBA is read-only
        assertThat(msix.pending(0)).isFalse();
        assertThat(m.bus.read(entry + 12, 2)).isEqualTo(0xffff); // the BAR takes 4 and 8 bytes only
    }

    @Test
    void enablingMessagesTakesTheFunctionOffItsIntxWire()
    {
        f.setIntx(true);
        assertThat(line.level()).isTrue();
        assertThat(m.cfg(f, 0x06, 2) & Header.STATUS_INTERRUPT).isNotZero();
        m.cfg(f, msix.offset() + 2, 2, MsixCapability.ENABLE);
        assertThat(line.level()).isFalse();
        m.cfg(f, msix.offset() + 2, 2, 0);
        assertThat(line.level()).isTrue();
        m.cfg(f, 0x04, 2, Header.COMMAND_INTX_DISABLE | Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
        assertThat(line.level()).isFalse();
        m.cfg(f, 0x04, 2, Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
        f.setIntx(false);
        assertThat(line.level()).isFalse();
        assertThat(m.cfg(f, 0x06, 2) & Header.STATUS_INTERRUPT).isZero();
    }
}
