// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.bus.RequesterId;

/** Stream tables, linear and 2-level, the STE checks, and the configuration cache that lasts until CFGI. */
class StreamTableTest
{
    private static final long IPA = 0x1000_0000L;
    private static final long PA = SmmuHarness.RAM + 0x80_0000L;

    private final SmmuHarness h = new SmmuHarness();

    private long translate(final int sid, final long address)
    {
        return h.smmu.translate(RequesterId.arm(sid, 0), address, 4, false);
    }

    @Test
    void aLinearTableIsIndexedByStreamIdAndStreamsBeyondItRecordCBadStreamId()
    {
        h.mapPage(IPA, PA);
        h.ste(3, SmmuHarness.stage2());
        h.ste(4, Ste.bypass());
        h.enableLinear();
        assertThat(translate(3, IPA + 0x10)).isEqualTo(PA + 0x10);
        assertThat(translate(4, 0x1234_5678L)).isEqualTo(0x1234_5678L);
        assertThat(translate(256, IPA)).isEqualTo(DmaTranslation.FAULT);             // LOG2SIZE 8
        assertThat(translate(0x1_0000, IPA)).isEqualTo(DmaTranslation.FAULT);        // beyond SIDSIZE
        final Event e = h.nextEvent();
        assertThat(e.type()).isEqualTo(Event.C_BAD_STREAMID);
        assertThat(e.streamId()).isEqualTo(256);
        assertThat(h.nextEvent().streamId()).isEqualTo(0x1_0000);
        assertThat(h.pendingEvents()).isZero();
    }

    @Test
    void withoutRecinvsidInvalidStreamIdsAbortSilently()
    {
        h.enableLinear();
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_CMDQEN | SmmuRegister.CR0_EVENTQEN);
        h.write(SmmuRegister.CR2, 0);
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_CMDQEN | SmmuRegister.CR0_EVENTQEN | SmmuRegister.CR0_SMMUEN);
        assertThat(translate(300, IPA)).isEqualTo(DmaTranslation.FAULT);
        assertThat(h.pendingEvents()).isZero();
    }

    @Test
    void aTwoLevelTableFindsTheLevel2ArrayThroughItsDescriptorAndChecksItsSpan()
    {
        final long l2 = SmmuHarness.STRTAB + 0x4000;
        h.mapPage(IPA, PA);
        // SPLIT 6 as NOVA: StreamID 0x1c5 is L1 index 7, entry 5 of a 64-entry array.
        h.mem.write64(SmmuHarness.STRTAB + 8 * 7, L1Std.encode(l2, 7));
        SmmuHarness.stage2().writeTo(h.mem, l2 + Ste.SIZE * 5);
        h.mem.write64(SmmuHarness.STRTAB + 8 * 8, L1Std.encode(l2 + 0x1000, 2));     // 2 STEs only
        Ste.bypass().writeTo(h.mem, l2 + 0x1000 + Ste.SIZE);
        h.write(SmmuRegister.STRTAB_BASE_CFG, SmmuRegister.STRTAB_FMT.encode(SmmuRegister.FMT_2LEVEL)
            | SmmuRegister.STRTAB_SPLIT.encode(6) | 16);
        h.enable();
        assertThat(translate(0x1c5, IPA + 4)).isEqualTo(PA + 4);
        assertThat(translate(0x201, 0x777_0000L)).isEqualTo(0x777_0000L);            // L1 8, entry 1
        assertThat(translate(0x202, IPA)).isEqualTo(DmaTranslation.FAULT);            // beyond the span
        assertThat(translate(0x240, IPA)).isEqualTo(DmaTranslation.FAULT);            // L1 9: Span 0
        assertThat(h.nextEvent().type()).isEqualTo(Event.C_BAD_STREAMID);
        assertThat(h.nextEvent().streamId()).isEqualTo(0x240);
    }

    @Test
    void aSplitOf8IndexesTheUpperBitsAndOtherSplitsBehaveAs6()
    {
        final long l2 = SmmuHarness.STRTAB + 0x10000;
        h.mem.write64(SmmuHarness.STRTAB + 8, L1Std.encode(l2, 9));                  // StreamIDs 256 to 511
        Ste.bypass().writeTo(h.mem, l2 + Ste.SIZE * 0x45);
        h.write(SmmuRegister.STRTAB_BASE_CFG, SmmuRegister.STRTAB_FMT.encode(SmmuRegister.FMT_2LEVEL)
            | SmmuRegister.STRTAB_SPLIT.encode(8) | 16);
        h.enable();
        assertThat(translate(0x145, 0x5000)).isEqualTo(0x5000);
        h.write(SmmuRegister.CR0, 0);
        h.write(SmmuRegister.STRTAB_BASE_CFG, SmmuRegister.STRTAB_FMT.encode(SmmuRegister.FMT_2LEVEL)
            | SmmuRegister.STRTAB_SPLIT.encode(7) | 16);
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_CMDQEN | SmmuRegister.CR0_EVENTQEN);
        h.submit(Command.cfgiAll());
        // As SPLIT 6, L1 entry 1 covers StreamIDs 64 to 127 and its span (9) exceeds SPLIT + 1: invalid.
        assertThat(translate(0x45, 0x5000)).isEqualTo(DmaTranslation.FAULT);
        assertThat(h.nextEvent().type()).isEqualTo(Event.C_BAD_STREAMID);
    }

    @Test
    void invalidAndIllegalStesRecordCBadSteWhileAbortStesAreSilent()
    {
        h.ste(1, Ste.invalid());
        h.ste(2, Ste.abort());
        h.ste(3, SmmuHarness.stage2().with(2, Ste.S2TG, 2));                          // 16 KiB granule
        h.ste(4, SmmuHarness.stage2().with(2, Ste.S2SL0, 1));                         // start level 1, 48 bits
        h.ste(5, SmmuHarness.stage2().with(2, Ste.S2S, 1));                           // stall
        h.ste(6, SmmuHarness.stage2().with(2, Ste.S2AA64, 0));                        // VMSAv8-32
        h.ste(7, Ste.stage2(1, 1L << 40, 16, 2, 2));                                  // S2TTB beyond 40-bit PS
        h.ste(8, SmmuHarness.stage2().with(0, Ste.CONFIG, Ste.CONFIG_S1));            // no stage 1
        h.ste(9, SmmuHarness.stage2().with(2, Ste.S2T0SZ, 40));                       // above 39
        h.ste(10, SmmuHarness.stage2().with(0, Ste.CONFIG, 0b011));                   // reserved: as abort
        h.enableLinear();
        for (int sid = 1; sid <= 10; sid++)
        {
            assertThat(translate(sid, IPA)).isEqualTo(DmaTranslation.FAULT);
        }
        for (final int sid : new int[] {1, 3, 4, 5, 6, 7, 8, 9})
        {
            final Event e = h.nextEvent();
            assertThat(e.type()).isEqualTo(Event.C_BAD_STE);
            assertThat(e.streamId()).isEqualTo(sid);
        }
        assertThat(h.pendingEvents()).isZero();
    }

    @Test
    void consistentStartLevelsTranslateIncludingConcatenatedStartTables()
    {
        // IPA 40 bits from level 1: 10 bits at the start level, two concatenated tables of 512 entries.
        final long root = SmmuHarness.RAM + 0x60_0000L;
        final long leafTable = root + 0x2000;
        final long ipa = 0x80_4000_1000L;                                             // bit 39 set: the second table
        h.mem.write64(root + 8 * (ipa >>> 30 & 1023), leafTable | SmmuHarness.TABLE);
        h.mem.write64(leafTable + 8 * (ipa >>> 21 & 511), PA | SmmuHarness.BLOCK | SmmuHarness.AF | SmmuHarness.R);
        h.ste(1, Ste.stage2(3, root, 24, 1, 5));
        h.enableLinear();
        assertThat(translate(1, ipa + 0x123)).isEqualTo(PA + 0x1123);
        assertThat(translate(1, 1L << 40)).isEqualTo(DmaTranslation.FAULT);          // beyond 40 bits
        final Event e = h.nextEvent();
        assertThat(e.type()).isEqualTo(Event.F_TRANSLATION);
        assertThat(e.stage2()).isTrue();
    }

    @Test
    void anSteFetchOutsideRamRecordsFSteFetchAndIsNotCached()
    {
        final long hole = 0x2000_0000L;
        h.mem.write64(SmmuHarness.STRTAB, L1Std.encode(hole, 7));
        h.write(SmmuRegister.STRTAB_BASE_CFG, SmmuRegister.STRTAB_FMT.encode(SmmuRegister.FMT_2LEVEL)
            | SmmuRegister.STRTAB_SPLIT.encode(6) | 16);
        h.enable();
        assertThat(translate(2, IPA)).isEqualTo(DmaTranslation.FAULT);
        final Event e = h.nextEvent();
        assertThat(e.type()).isEqualTo(Event.F_STE_FETCH);
        assertThat(e.fetchAddress()).isEqualTo(hole + 2 * Ste.SIZE);
        // The failed fetch was not cached: fixing the descriptor suffices.
        final long l2 = SmmuHarness.STRTAB + 0x2000;
        h.mem.write64(SmmuHarness.STRTAB, L1Std.encode(l2, 7));
        Ste.bypass().writeTo(h.mem, l2 + 2 * Ste.SIZE);
        assertThat(translate(2, 0x3000)).isEqualTo(0x3000);
    }

    @Test
    void aLevelTwoArrayBeyondTheOutputAddressSizeIsAnSteFetchAbortAtTheStesAddress()
    {
        final long beyond = 1L << 48;                                                 // IDR5.OAS: 48 bits
        h.mem.write64(SmmuHarness.STRTAB, L1Std.encode(beyond, 7));
        h.write(SmmuRegister.STRTAB_BASE_CFG, SmmuRegister.STRTAB_FMT.encode(SmmuRegister.FMT_2LEVEL)
            | SmmuRegister.STRTAB_SPLIT.encode(6) | 16);
        h.enable();
        assertThat(translate(3, IPA)).isEqualTo(DmaTranslation.FAULT);
        final Event e = h.nextEvent();
        assertThat(e.type()).isEqualTo(0x03);                                         // F_STE_FETCH (7.3.4)
        assertThat(e.fetchAddress()).isEqualTo(beyond + 3 * 64);                      // the STE's, not the array's
    }

    @Test
    void aFetchedSteIsUsedUntilACfgiCoversItsStreamId()
    {
        h.ste(1, Ste.bypass());
        h.ste(2, Ste.invalid());
        h.ste(40, Ste.bypass());
        h.enableLinear();
        assertThat(translate(1, 0x3000)).isEqualTo(0x3000);
        assertThat(translate(2, 0x3000)).isEqualTo(DmaTranslation.FAULT);
        assertThat(translate(40, 0x3000)).isEqualTo(0x3000);
        h.ste(1, Ste.abort());
        h.ste(2, Ste.bypass());
        h.ste(40, Ste.abort());
        assertThat(translate(1, 0x3000)).isEqualTo(0x3000);                          // stale, as on hardware
        assertThat(translate(2, 0x3000)).isEqualTo(DmaTranslation.FAULT);            // an invalid STE is cached too
        h.submit(Command.cfgiSte(1, true));
        assertThat(translate(1, 0x3000)).isEqualTo(DmaTranslation.FAULT);
        assertThat(translate(2, 0x3000)).isEqualTo(DmaTranslation.FAULT);
        h.submit(Command.cfgiSteRange(3, 1));                                         // StreamIDs 0 to 3
        assertThat(translate(2, 0x3000)).isEqualTo(0x3000);
        assertThat(translate(40, 0x3000)).isEqualTo(0x3000);
        h.submit(Command.cfgiAll());
        assertThat(translate(40, 0x3000)).isEqualTo(DmaTranslation.FAULT);
    }

    @Test
    void aCachedL1DescriptorOutcomeLastsUntilCfgi()
    {
        h.write(SmmuRegister.STRTAB_BASE_CFG, SmmuRegister.STRTAB_FMT.encode(SmmuRegister.FMT_2LEVEL)
            | SmmuRegister.STRTAB_SPLIT.encode(6) | 16);
        h.enable();
        assertThat(translate(0x81, 0x3000)).isEqualTo(DmaTranslation.FAULT);          // Span 0
        final long l2 = SmmuHarness.STRTAB + 0x2000;
        h.mem.write64(SmmuHarness.STRTAB + 16, L1Std.encode(l2, 7));                   // as NOVA: the descriptor
        Ste.bypass().writeTo(h.mem, l2 + Ste.SIZE);
        assertThat(translate(0x81, 0x3000)).isEqualTo(DmaTranslation.FAULT);          // still the cached outcome
        h.submit(Command.cfgiSte(0x81, false));                                        // then CFGI, non-leaf
        assertThat(translate(0x81, 0x3000)).isEqualTo(0x3000);
    }
}
