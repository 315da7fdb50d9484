// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.gic.GicAccess;
import org.novaemu.arm.gic.GicdRegister;

/** The ITS's registers: reset values, GITS_TYPER, BASER probing, what is read-only when. */
class ItsRegisterTest
{
    private final ItsHarness h = new ItsHarness(4);

    @Test
    void registersResetAsDeclared()
    {
        assertThat(h.read(ItsRegister.CTLR)).isEqualTo(ItsRegister.CTLR_QUIESCENT.mask());
        assertThat(h.read(ItsRegister.IIDR)).isEqualTo(GicdRegister.IIDR_VALUE);
        for (final ItsRegister r : ItsRegister.values())
        {
            if (r.access() == GicAccess.READ && r != ItsRegister.TYPER && r != ItsRegister.CMDERR)
            {
                assertThat(h.read(r)).as(r.name()).isEqualTo(r.reset());
            }
        }
        assertThat(h.read(ItsRegister.PIDR2) >>> 4 & 0xf).isEqualTo(3); // ArchRev: GICv3
        assertThat(h.read(ItsRegister.CBASER)).isZero();
        assertThat(h.read(ItsRegister.CWRITER)).isZero();
        assertThat(h.read(ItsRegister.CREADR)).isZero();
        assertThat(h.read(ItsRegister.CMDERR)).isZero();
        assertThat(h.read(ItsRegister.TRANSLATER)).isZero(); // write-only
        assertThat(h.bus.read(h.its.base() + 0x200, 4)).isZero(); // reserved
        final long baser0 = h.read(ItsRegister.BASER, 0);
        assertThat(ItsRegister.BASER_TYPE.extract(baser0)).isEqualTo(ItsRegister.TYPE_DEVICE);
        assertThat(ItsRegister.BASER_ENTRY_SIZE.extract(baser0)).isEqualTo(7);
        assertThat(ItsRegister.BASER_VALID.isSet(baser0)).isFalse();
        assertThat(ItsRegister.BASER_TYPE.extract(h.read(ItsRegister.BASER, 1)))
            .isEqualTo(ItsRegister.TYPE_COLLECTION);
        for (int n = 2; n < 8; n++)
        {
            h.write(ItsRegister.BASER, n, -1L);
            assertThat(h.read(ItsRegister.BASER, n)).as("BASER%d", n).isZero();
        }
    }

    @Test
    void typerSaysWhatTheItsImplements()
    {
        final GitsTyper t = GitsTyper.of(h.read(ItsRegister.TYPER));
        assertThat(t).isEqualTo(h.its.typer());
        assertThat(t.physical()).isTrue();
        assertThat(t.virtual()).isFalse();
        assertThat(t.ittEntryBytes()).isEqualTo(8);
        assertThat(t.eventIdBits()).isEqualTo(16);
        assertThat(t.deviceIdBits()).isEqualTo(16);
        assertThat(t.pta()).isFalse(); // collections target processor numbers
        assertThat(t.seis()).isFalse();
        assertThat(t.hcc()).isZero();
        assertThat(t.cil()).isFalse();
        assertThat(t.collectionIdBits()).isEqualTo(16);
        assertThat(h.read(ItsRegister.TYPER) >>> 37).isZero(); // no GICv4 features
        // Physical, ITT_entry_size 7, ID_bits 15, Devbits 15; CIDbits RES0 as CIL is 0
        assertThat(h.read(ItsRegister.TYPER)).isEqualTo(0x1_ef71L);
        h.write(ItsRegister.TYPER, 0);
        assertThat(GitsTyper.of(h.read(ItsRegister.TYPER))).isEqualTo(t);
    }

    @Test
    void theBuilderChoosesTheIdWidthsAndHeldCollections()
    {
        final ItsHarness other = new ItsHarness(1,
            b -> b.base(0x0900_0000L).deviceIdBits(20).eventIdBits(10).collectionIdBits(8).hcc(4));
        final GitsTyper t = GitsTyper.of(other.read(ItsRegister.TYPER));
        assertThat(t.deviceIdBits()).isEqualTo(20);
        assertThat(t.eventIdBits()).isEqualTo(10);
        assertThat(t.cil()).isTrue();
        assertThat(t.cidBits()).isEqualTo(7);
        assertThat(t.collectionIdBits()).isEqualTo(8);
        assertThat(t.hcc()).isEqualTo(4);
        assertThat(other.its.translaterAddress()).isEqualTo(0x0901_0040L);
    }

    @Test
    void builderMisuseNamesTheField()
    {
        assertThatThrownBy(() -> Its.builder(h.gic, h.bus).base(0x1000)).hasMessageContaining("base");
        assertThatThrownBy(() -> Its.builder(h.gic, h.bus).deviceIdBits(33)).hasMessageContaining("deviceIdBits");
        assertThatThrownBy(() -> Its.builder(h.gic, h.bus).eventIdBits(0)).hasMessageContaining("eventIdBits");
        assertThatThrownBy(() -> Its.builder(h.gic, h.bus).collectionIdBits(17))
            .hasMessageContaining("collectionIdBits");
        assertThatThrownBy(() -> Its.builder(h.gic, h.bus).hcc(256)).hasMessageContaining("hcc");
        assertThatThrownBy(() -> Its.builder(h.gic, h.bus).collectionIdBits(2).hcc(5).build())
            .hasMessageContaining("hcc");
        assertThatThrownBy(() -> Its.builder(h.gic, h.bus).pageSize(8192)).hasMessageContaining("pageSize");
        assertThatThrownBy(() -> Its.builder(h.gic, h.bus).translationCache(3))
            .hasMessageContaining("translationCache");
        assertThatThrownBy(() -> Its.builder(h.gic, h.bus).build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void baserKeepsWhatSoftwareMayWriteAndTypeAndEntrySizeStay()
    {
        final long written = ItsRegister.BASER_VALID.mask() | ItsRegister.BASER_INDIRECT.mask()
            | ItsRegister.INNER_CACHE.encode(7) | ItsRegister.OUTER_CACHE.encode(1) | ItsRegister.BASER_TYPE.encode(2)
            | ItsRegister.BASER_ENTRY_SIZE.encode(31) | 0x1234_5678_9000L | ItsRegister.SHAREABILITY.encode(1)
            | ItsRegister.BASER_PAGE_SIZE.encode(ItsRegister.PAGE_16K) | 0x2f;
        h.write(ItsRegister.BASER, 0, written);
        final long v = h.read(ItsRegister.BASER, 0);
        assertThat(ItsRegister.BASER_TYPE.extract(v)).isEqualTo(ItsRegister.TYPE_DEVICE);
        assertThat(ItsRegister.BASER_ENTRY_SIZE.extract(v)).isEqualTo(7);
        assertThat(v & ~(ItsRegister.BASER_TYPE.mask() | ItsRegister.BASER_ENTRY_SIZE.mask()))
            .isEqualTo(written & ~(ItsRegister.BASER_TYPE.mask() | ItsRegister.BASER_ENTRY_SIZE.mask()));
    }

    @Test
    void pageSizeProbingReadsBackWhatIsSupported()
    {
        for (int p = 0; p < 3; p++)
        {
            h.write(ItsRegister.BASER, 1, ItsRegister.BASER_PAGE_SIZE.encode(p) | 0x0f);
            assertThat(h.read(ItsRegister.BASER, 1) & 0x3ff).isEqualTo((long) p << 8 | 0x0f);
        }
        h.write(ItsRegister.BASER, 1, ItsRegister.BASER_PAGE_SIZE.encode(3)); // reserved: 64 KiB
        assertThat(ItsRegister.BASER_PAGE_SIZE.extract(h.read(ItsRegister.BASER, 1)))
            .isEqualTo(ItsRegister.PAGE_64K);

        final ItsHarness fixed = new ItsHarness(1, b -> b.pageSize(0x1_0000).twoLevelTables(false));
        fixed.write(ItsRegister.BASER, 0, ItsRegister.BASER_INDIRECT.mask() | ItsRegister.BASER_PAGE_SIZE
            .encode(ItsRegister.PAGE_4K) | 3);
        final long v = fixed.read(ItsRegister.BASER, 0);
        assertThat(ItsRegister.BASER_PAGE_SIZE.extract(v)).isEqualTo(ItsRegister.PAGE_64K);
        assertThat(ItsRegister.BASER_INDIRECT.isSet(v)).isFalse(); // flat tables only
        assertThat(ItsRegister.BASER_SIZE.extract(v)).isEqualTo(3);
    }

    @Test
    void withSixtyFourKibPagesBaserBits15To12GiveAddressBits51To48()
    {
        h.enableGic().enableIts();
        h.write(ItsRegister.CTLR, 0);
        final long low = 0x5000_0000L;
        h.write(ItsRegister.BASER, 1, ItsRegister.BASER_VALID.mask() | ItsRegister.BASER_PAGE_SIZE
            .encode(ItsRegister.PAGE_64K) | low | 0x3000);
        h.write(ItsRegister.CTLR, ItsRegister.CTLR_ENABLED.mask());
        assertThat(h.command(ItsCommand.Mapc.map(3, 1))).isNull();
        assertThat(h.memory.read64((3L << 48) + low + 8 * 3)).isEqualTo(1L << 63 | 1);
    }

    @Test
    void novasProbeChoosesFlatOrTwoLevelTablesAndTheyWork()
    {
        h.enableGic().enableIts();
        final long dev = h.read(ItsRegister.BASER, 0);
        assertThat(ItsRegister.BASER_VALID.isSet(dev)).isTrue();
        assertThat(ItsRegister.BASER_INDIRECT.isSet(dev)).isFalse(); // 16 bits: 128 pages of 4 KiB, flat
        assertThat(ItsRegister.BASER_SIZE.extract(dev)).isEqualTo(127);
        assertThat((h.read(ItsRegister.CBASER) ^ ItsHarness.ATTRIBUTES) & (ItsRegister.SHAREABILITY.mask()
            | ItsRegister.OUTER_CACHE.mask())).isZero(); // NOVA's test for a coherent ITS

        final ItsHarness wide = new ItsHarness(2, b -> b.deviceIdBits(20)).enableGic().enableIts();
        final long twoLevel = wide.read(ItsRegister.BASER, 0);
        assertThat(ItsRegister.BASER_INDIRECT.isSet(twoLevel)).isTrue(); // 20 bits do not fit 256 flat pages
        assertThat(ItsRegister.BASER_SIZE.extract(twoLevel)).isEqualTo(3);
        wide.mapCollection(0, 1);
        wide.mapDevice(0xf_1234, 4);
        wide.mapEvent(0xf_1234, 3, 8300, 0);
        wide.msi(0xf_1234, 3);
        assertThat(wide.ack(1)).isEqualTo(8300);
    }

    @Test
    void cbaserAndBaserAreReadOnlyWhileEnabledAndTakeTwoHalves()
    {
        h.enableGic().enableIts();
        final long cbaser = h.read(ItsRegister.CBASER);
        final long baser = h.read(ItsRegister.BASER, 0);
        h.write(ItsRegister.CBASER, 0);
        h.write(ItsRegister.BASER, 0, 0);
        assertThat(h.read(ItsRegister.CBASER)).isEqualTo(cbaser);
        assertThat(h.read(ItsRegister.BASER, 0)).isEqualTo(baser);
        assertThat(h.read(ItsRegister.CTLR)).isEqualTo(ItsRegister.CTLR_ENABLED.mask()); // not quiescent
        h.write(ItsRegister.CTLR, 0);
        assertThat(h.read(ItsRegister.CTLR)).isEqualTo(ItsRegister.CTLR_QUIESCENT.mask());
        final long at = h.its.base() + ItsRegister.CBASER.offset();
        h.bus.write(at, 4, 0x5000_0000L | 3);
        h.bus.write(at + 4, 4, 0x8000_0000L);
        assertThat(h.read(ItsRegister.CBASER)).isEqualTo(ItsRegister.CBASER_VALID.mask() | 0x5000_0000L | 3);
        assertThat(h.bus.read(h.its.base() + ItsRegister.TYPER.offset() + 4, 4))
            .isEqualTo(h.its.typer().value() >>> 32);
        assertThat(h.bus.read(h.its.base() + ItsRegister.CTLR.offset(), 1)).isZero(); // no byte accesses
    }
}
