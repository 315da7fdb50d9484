// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Perm;

/**
 * Devices' DMA through the bus with the SMMU as its translation stage, programmed as NOVA's driver programs it
 * (a 2-level stream table with 64-entry level 2 arrays, a 48-bit stage 2 STE), and tables written in
 * {@link Stage2Format}, as NOVA's DMA spaces are.
 */
class SmmuDmaTest
{
    private static final long L2 = SmmuHarness.STRTAB + 0x4000;
    private static final long PA = SmmuHarness.RAM + 0x80_0000L;

    private final SmmuHarness h = new SmmuHarness();

    /** NOVA's stream table: SPLIT 6, LOG2SIZE 16; the device's StreamID 8 is in the first level 2 array. */
    private void novaStreamTable()
    {
        h.mem.write64(SmmuHarness.STRTAB, L1Std.encode(L2, 7));
        h.write(SmmuRegister.STRTAB_BASE_CFG, SmmuRegister.STRTAB_FMT.encode(SmmuRegister.FMT_2LEVEL)
            | SmmuRegister.STRTAB_SPLIT.encode(6) | 16);
        SmmuHarness.stage2().writeTo(h.mem, L2 + Ste.SIZE * 8);
        h.enable();
    }

    @Test
    void aDevicesDmaIsTranslatedAndDmaOutsideItsSpaceRecordsAnEventAndWritesNothing()
    {
        novaStreamTable();
        // The IPA window 0x4000_0000 is RAM as a physical address too: a leak would be visible there.
        h.mapPage(SmmuHarness.RAM, PA);
        assertThat(h.bus.dmaWrite(SmmuHarness.DEV, SmmuHarness.RAM + 0x10, 8, 0xfeed_beefL)).isTrue();
        assertThat(h.mem.read64(PA + 0x10)).isEqualTo(0xfeed_beefL);
        assertThat(h.mem.read64(SmmuHarness.RAM + 0x10)).isZero();
        assertThat(h.bus.dmaRead(SmmuHarness.DEV, SmmuHarness.RAM + 0x10, 8)).isEqualTo(0xfeed_beefL);
        // A buffer that runs off the mapped page: the first page is written, the second is not.
        final byte[] buf = new byte[0x20];
        Arrays.fill(buf, (byte) 0x5a);
        assertThat(h.bus.dmaWrite(SmmuHarness.DEV, SmmuHarness.RAM + 0xff0, buf, 0, buf.length)).isFalse();
        assertThat(h.mem.read64(PA + 0xff8)).isEqualTo(0x5a5a_5a5a_5a5a_5a5aL);
        assertThat(h.mem.read64(PA + 0x1000)).isZero();
        assertThat(h.mem.read64(SmmuHarness.RAM + 0x1000)).isZero();
        assertThat(h.bus.dmaFaults()).isEqualTo(1);
        final Event e = h.nextEvent();
        assertThat(e.type()).isEqualTo(Event.F_TRANSLATION);
        assertThat(e.streamId()).isEqualTo(8);
        assertThat(e.inputAddress()).isEqualTo(SmmuHarness.RAM + 0x1000);
        assertThat(e.read()).isFalse();
        assertThat(h.pendingEvents()).isZero();
        // A CPU's accesses never pass the DMA path.
        assertThat(h.smmu.translate(RequesterId.CPU, SmmuHarness.RAM, 4, false)).isEqualTo(Smmuv3.FAULT);
    }

    @Test
    void whileDisabledGbpaAbortsOrBypassesAndTranslationStartsWithSmmuen()
    {
        h.mapPage(SmmuHarness.RAM, PA);
        h.ste(8, SmmuHarness.stage2());
        h.write(SmmuRegister.STRTAB_BASE_CFG, 8);
        h.mem.write64(SmmuHarness.RAM + 0x20, 0x1111);
        assertThat(h.bus.dmaRead(SmmuHarness.DEV, SmmuHarness.RAM + 0x20, 8)).isEqualTo(-1L);   // ABORT
        h.write(SmmuRegister.GBPA, SmmuRegister.GBPA_UPDATE);
        assertThat(h.bus.dmaRead(SmmuHarness.DEV, SmmuHarness.RAM + 0x20, 8)).isEqualTo(0x1111);  // bypass
        h.enable();
        assertThat(h.bus.dmaRead(SmmuHarness.DEV, SmmuHarness.RAM + 0x20, 8)).isZero();           // now PA + 0x20
        assertThat(h.bus.dmaWrite(SmmuHarness.DEV, SmmuHarness.RAM + 0x20, 8, 0x2222)).isTrue();
        assertThat(h.mem.read64(PA + 0x20)).isEqualTo(0x2222);
        assertThat(h.smmu.eventsRecorded()).isZero();
    }

    @Test
    void tablesWrittenInStage2FormatAreWhatTheSmmuWalks()
    {
        final Stage2Format f = Stage2Format.INSTANCE;
        final long l1 = SmmuHarness.ROOT + 0x1000;
        final long l2 = SmmuHarness.ROOT + 0x2000;
        final long l3 = SmmuHarness.ROOT + 0x3000;
        final long wb = 3 << 3 | 7;                                                   // MEM_WB, inner shareable
        h.mem.write64(SmmuHarness.ROOT, f.table(l1));
        h.mem.write64(l1, f.table(l2));
        h.mem.write64(l2, f.table(l3));
        h.mem.write64(l3 + 8, f.leaf(PA >>> 12, Perm.MEM_R | Perm.MEM_W, wb, 0));    // IPA 0x1000
        h.mem.write64(l3 + 16, f.leaf((PA >>> 12) + 1, Perm.MEM_R, wb, 0));          // IPA 0x2000, read-only
        h.mem.write64(l2 + 8, f.leaf(0x4200_0000L >>> 12, Perm.MEM_W, wb, 1));       // IPA 2 MiB, write-only
        h.mem.write64(l1 + 8, f.leaf(0x8000_0000L >>> 12, Perm.MEM_R, wb, 2));       // IPA 1 GiB
        h.mem.write64(l3 + 24, f.leaf(PA >>> 12, 0, wb, 0));                          // no permissions: nothing
        h.ste(8, SmmuHarness.stage2());
        h.enableLinear();
        assertThat(h.smmu.translate(SmmuHarness.DEV, 0x1008, 8, true)).isEqualTo(PA + 8);
        assertThat(h.smmu.translate(SmmuHarness.DEV, 0x2008, 8, false)).isEqualTo(PA + 0x1008);
        assertThat(h.smmu.translate(SmmuHarness.DEV, 0x2008, 8, true)).isEqualTo(Smmuv3.FAULT);
        assertThat(h.smmu.translate(SmmuHarness.DEV, 0x2f_0000L, 8, true)).isEqualTo(0x420f_0000L);
        assertThat(h.smmu.translate(SmmuHarness.DEV, 0x4123_4567L, 4, false)).isEqualTo(0x8123_4567L);
        assertThat(h.smmu.translate(SmmuHarness.DEV, 0x3000, 4, false)).isEqualTo(Smmuv3.FAULT);
        assertThat(h.nextEvent().type()).isEqualTo(Event.F_PERMISSION);
        assertThat(h.nextEvent().type()).isEqualTo(Event.F_TRANSLATION);
    }
}
