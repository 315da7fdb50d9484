// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.Allocations;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.bus.RequesterId;

/** Stage 2 walks with pages and blocks, the faults a walk finds, and the TLB that lasts until TLBI. */
class Stage2TranslationTest
{
    private static final long PA = SmmuHarness.RAM + 0x80_0000L;
    private static final long BLOCK_PA = SmmuHarness.RAM + 0x200_0000L;
    private static final long GIGA_PA = 0x8000_0000L;
    private static final int SID = 8;

    private final SmmuHarness h = new SmmuHarness();

    @BeforeEach
    void program()
    {
        h.ste(SID, SmmuHarness.stage2());
        h.ste(9, SmmuHarness.stage2());                                               // same VMID, same tables
        h.ste(10, Ste.stage2(SmmuHarness.VMID + 1, SmmuHarness.ROOT, 16, 2, 5));
        h.mapPage(0x1000, PA);
        h.map(0x2000, 3, PA + 0x1000 | SmmuHarness.PAGE | SmmuHarness.AF | SmmuHarness.R);      // read-only
        h.map(0x3000, 3, PA + 0x2000 | SmmuHarness.PAGE | SmmuHarness.AF | SmmuHarness.W);      // write-only
        h.map(0x4000, 3, PA + 0x3000 | SmmuHarness.PAGE | SmmuHarness.R | SmmuHarness.W);       // AF 0
        h.map(0x20_0000L, 2, BLOCK_PA | SmmuHarness.BLOCK | SmmuHarness.AF | SmmuHarness.R | SmmuHarness.W);
        h.map(0x4000_0000L, 1, GIGA_PA | SmmuHarness.BLOCK | SmmuHarness.AF | SmmuHarness.R);
        h.enableLinear();
    }

    private long translate(final long address, final boolean write)
    {
        return h.smmu.translate(RequesterId.arm(SID, 0), address, 4, write);
    }

    @Test
    void pagesAnd2MiBAnd1GiBBlocksTranslate()
    {
        assertThat(translate(0x1abc, true)).isEqualTo(PA + 0xabc);
        assertThat(translate(0x2abc, false)).isEqualTo(PA + 0x1abc);
        assertThat(translate(0x3abc, true)).isEqualTo(PA + 0x2abc);
        assertThat(translate(0x2f_1234L, true)).isEqualTo(BLOCK_PA + 0xf_1234L);
        assertThat(translate(0x7654_3210L, false)).isEqualTo(GIGA_PA + 0x3654_3210L);
        assertThat(h.pendingEvents()).isZero();
        assertThat(h.smmu.walks()).isEqualTo(5);
    }

    @Test
    void s2apPermissionsFaultWithTheIpaAndTheAccessDirection()
    {
        assertThat(translate(0x2000, true)).isEqualTo(DmaTranslation.FAULT);       // write to read-only
        assertThat(translate(0x3008, false)).isEqualTo(DmaTranslation.FAULT);      // read of write-only
        assertThat(translate(0x4000_0008L, true)).isEqualTo(DmaTranslation.FAULT); // write to a read-only block
        final Event w = h.nextEvent();
        assertThat(w.type()).isEqualTo(Event.F_PERMISSION);
        assertThat(w.streamId()).isEqualTo(SID);
        assertThat(w.read()).isFalse();
        assertThat(w.stage2()).isTrue();
        assertThat(w.faultClass()).isEqualTo(Event.CLASS_IN);
        assertThat(w.inputAddress()).isEqualTo(0x2000);
        assertThat(w.ipa()).isEqualTo(0x2000);
        final Event r = h.nextEvent();
        assertThat(r.type()).isEqualTo(Event.F_PERMISSION);
        assertThat(r.read()).isTrue();
        assertThat(r.inputAddress()).isEqualTo(0x3008);
        assertThat(r.ipa()).isEqualTo(0x3000);
        assertThat(h.nextEvent().ipa()).isEqualTo(0x4000_0000L);
    }

    @Test
    void theWalkFaultsInTheArchitectedOrderAndRecordsWhatS2rAllows()
    {
        assertThat(translate(0x5000, false)).isEqualTo(DmaTranslation.FAULT);      // no descriptor
        assertThat(translate(0x4000, false)).isEqualTo(DmaTranslation.FAULT);      // AF 0
        assertThat(translate(1L << 47, false)).isEqualTo(DmaTranslation.FAULT);    // level 0 entry invalid
        assertThat(translate(1L << 48, false)).isEqualTo(DmaTranslation.FAULT);    // beyond the IAS
        assertThat(h.nextEvent().type()).isEqualTo(Event.F_TRANSLATION);
        assertThat(h.nextEvent().type()).isEqualTo(Event.F_ACCESS);
        assertThat(h.nextEvent().type()).isEqualTo(Event.F_TRANSLATION);
        final Event size = h.nextEvent();
        assertThat(size.type()).isEqualTo(Event.F_ADDR_SIZE);
        assertThat(size.stage2()).isFalse();                                       // stage 1 bypass's check (3.4)
        // S2AFFD: no Access flag faults; S2R 0: translation faults are not recorded.
        h.ste(SID, SmmuHarness.stage2().with(2, Ste.S2AFFD, 1).with(2, Ste.S2R, 0));
        h.submit(Command.cfgiSte(SID, true));
        assertThat(translate(0x4010, false)).isEqualTo(PA + 0x3010);
        assertThat(translate(0x5000, false)).isEqualTo(DmaTranslation.FAULT);
        assertThat(h.pendingEvents()).isZero();
    }

    @Test
    void blocksWhereTheGranuleForbidsThemAndOutputsBeyondS2psFault()
    {
        h.mem.write64(SmmuHarness.ROOT + 8 * 2, 0x80_0000_0000L | SmmuHarness.BLOCK | SmmuHarness.AF); // L0 block
        h.map(0x5000, 3, PA | SmmuHarness.BLOCK | SmmuHarness.AF | SmmuHarness.R);  // level 3: reserved
        h.map(0x6000, 3, 0x100_0000_0000L | SmmuHarness.PAGE | SmmuHarness.AF | SmmuHarness.R); // 40-bit output
        h.ste(SID, Ste.stage2(SmmuHarness.VMID, SmmuHarness.ROOT, 16, 2, 1));       // 36-bit output
        h.submit(Command.cfgiSte(SID, true), Command.tlbiS12Vmall(SmmuHarness.VMID));
        assertThat(translate(2L << 39, false)).isEqualTo(DmaTranslation.FAULT);
        assertThat(translate(0x5000, false)).isEqualTo(DmaTranslation.FAULT);
        assertThat(translate(0x6000, false)).isEqualTo(DmaTranslation.FAULT);
        assertThat(translate(0x1000, false)).isEqualTo(PA);                        // 31 bits: within 36
        assertThat(h.nextEvent().type()).isEqualTo(Event.F_TRANSLATION);
        assertThat(h.nextEvent().type()).isEqualTo(Event.F_TRANSLATION);
        assertThat(h.nextEvent().type()).isEqualTo(Event.F_ADDR_SIZE);
    }

    @Test
    void aDescriptorFetchOutsideRamRecordsFWalkEabtWithItsAddress()
    {
        h.mem.write64(SmmuHarness.ROOT + 8 * 3, 0x2000_0000L | SmmuHarness.TABLE);  // a table in a hole
        final long ipa = 3L << 39 | 0x1000;
        assertThat(translate(ipa, true)).isEqualTo(DmaTranslation.FAULT);
        final Event e = h.nextEvent();
        assertThat(e.type()).isEqualTo(Event.F_WALK_EABT);
        assertThat(e.fetchAddress()).isEqualTo(0x2000_0000L);
        assertThat(e.inputAddress()).isEqualTo(ipa);
        assertThat(e.read()).isFalse();
    }

    @Test
    void theTlbKeepsATranslationUntilATlbiDropsIt()
    {
        assertThat(translate(0x1000, false)).isEqualTo(PA);
        assertThat(translate(0x20_1000L, false)).isEqualTo(BLOCK_PA + 0x1000);
        h.mapPage(0x1000, PA + 0x5000);
        h.map(0x20_0000L, 2, 0);
        assertThat(translate(0x1000, false)).isEqualTo(PA);                        // stale until invalidated
        assertThat(translate(0x20_1000L, false)).isEqualTo(BLOCK_PA + 0x1000);
        // Another stream with the same VMID shares the entries; another VMID has its own.
        assertThat(h.smmu.translate(RequesterId.arm(9, 0), 0x1000, 4, false)).isEqualTo(PA);
        assertThat(h.smmu.translate(RequesterId.arm(10, 0), 0x1000, 4, false)).isEqualTo(PA + 0x5000);
        h.submit(Command.tlbiS2Ipa(SmmuHarness.VMID + 1, 0x1000, true));            // another VMID: no effect
        assertThat(translate(0x1000, false)).isEqualTo(PA);
        h.submit(Command.tlbiS2Ipa(SmmuHarness.VMID, 0x1000, true));
        assertThat(translate(0x1000, false)).isEqualTo(PA + 0x5000);
        // An IPA anywhere in a block drops the block's entries.
        h.submit(Command.tlbiS2Ipa(SmmuHarness.VMID, 0x3f_f000L, true));
        assertThat(translate(0x20_1000L, false)).isEqualTo(DmaTranslation.FAULT);
        h.mapPage(0x1000, PA + 0x6000);
        h.submit(Command.tlbiS12Vmall(SmmuHarness.VMID));
        assertThat(translate(0x1000, false)).isEqualTo(PA + 0x6000);
        h.mapPage(0x1000, PA + 0x7000);
        h.submit(Command.tlbiNsnhAll());
        assertThat(translate(0x1000, false)).isEqualTo(PA + 0x7000);
    }

    @Test
    void aCachedEntryKeepsItsPermissions()
    {
        assertThat(translate(0x2000, false)).isEqualTo(PA + 0x1000);
        h.map(0x2000, 3, PA + 0x1000 | SmmuHarness.PAGE | SmmuHarness.AF | SmmuHarness.R | SmmuHarness.W);
        assertThat(translate(0x2000, true)).isEqualTo(DmaTranslation.FAULT);         // the entry says read-only
        assertThat(h.nextEvent().type()).isEqualTo(Event.F_PERMISSION);
        h.submit(Command.tlbiS2Ipa(SmmuHarness.VMID, 0x2000, true));
        assertThat(translate(0x2000, true)).isEqualTo(PA + 0x1000);
    }

    @Test
    void aTlbHitAllocatesNothing()
    {
        final long rid = RequesterId.arm(SID, 0);
        translate(0x1000, true);
        final Runnable body = () -> h.smmu.translate(rid, 0x1010, 4, true);
        assertThat(Allocations.allocatedBy(body)).isLessThan(1024);
        assertThat(h.smmu.walks()).isEqualTo(1);
    }
}
