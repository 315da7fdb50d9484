// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmTrace;
import org.novaemu.arm.gic.IccRegister;
import org.novaemu.arm.gic.its.ItsCommand.Discard;
import org.novaemu.arm.gic.its.ItsCommand.Int;
import org.novaemu.arm.gic.its.ItsCommand.Inv;
import org.novaemu.arm.gic.its.ItsCommand.Invall;
import org.novaemu.arm.gic.its.ItsCommand.Mapc;
import org.novaemu.arm.gic.its.ItsCommand.Mapd;
import org.novaemu.arm.gic.its.ItsCommand.Mapti;
import org.novaemu.arm.gic.its.ItsCommand.Movi;
import org.novaemu.arm.gic.its.ItsCommand.Sync;
import org.novaemu.bus.RequesterId;
import org.novaemu.trace.TraceRecord;

/**
 * Translation: a device's MSI to GITS_TRANSLATER, its DeviceID from the bus's requester ID and its EventID from the
 * data, through the device table, its ITT and the collection table to an LPI on a redistributor; the translation
 * cache and the commands that invalidate it; two-level tables; collections held in the ITS; several ITSes.
 */
class ItsTranslationTest
{
    private final ItsHarness h = new ItsHarness(4).enableGic().enableIts();

    @Test
    void aDevicesMsiBecomesAnLpiOnItsCollectionsRedistributorAcknowledgedThroughTheCpuInterface()
    {
        h.mapCollection(7, 2);
        h.mapDevice(0x42, 5);
        h.mapEvent(0x42, 3, 8300, 7);
        assertThat(h.msi(0x42, 3)).isTrue();
        assertThat(h.its.translated()).isEqualTo(1);
        assertThat(h.pins[2].irq).isTrue();
        assertThat(h.pins[0].irq || h.pins[1].irq || h.pins[3].irq).isFalse();
        assertThat(h.gic.cpuInterface(2).read(IccRegister.HPPIR1_EL1)).isEqualTo(8300);
        assertThat(h.ack(2)).isEqualTo(8300);
        assertThat(h.pins[2].irq).isFalse();
        assertThat(h.gic.cpuInterface(2).read(IccRegister.RPR_EL1)).isEqualTo(0xa0);
        h.eoi(2, 8300);
        assertThat(h.gic.cpuInterface(2).read(IccRegister.RPR_EL1)).isEqualTo(0xff);
    }

    @Test
    void aDeviceWritingAnotherDevicesEventIdGetsItsOwnDeviceIdsTranslation()
    {
        h.mapCollection(0, 1);
        h.mapCollection(1, 2);
        h.mapDevice(0x42, 4);
        h.mapDevice(0x43, 4);
        h.mapEvent(0x42, 0, 8300, 0);
        h.mapEvent(0x42, 1, 8301, 0);
        h.mapEvent(0x43, 0, 8400, 1);
        h.msi(0x43, 0); // the same EventID as device 0x42's LPI 8300
        assertThat(h.pending(1, 8300)).isFalse();
        assertThat(h.take(2)).isEqualTo(8400);
        h.msi(0x43, 1); // mapped for 0x42 only
        assertThat(h.pins[1].irq || h.pins[2].irq).isFalse();
        assertThat(h.its.dropped()).isEqualTo(1);
        h.bus.signalMessage(RequesterId.arm(0x42, 0x43), h.its.translaterAddress(), 1); // StreamID 0x42: no matter
        assertThat(h.pins[1].irq).isFalse();
        assertThat(h.its.dropped()).isEqualTo(2);
    }

    /** Traced (T14): the LPI made pending at its PE, and the drops with requester, EventID and disabled bit. */
    @Test
    void deliveriesAndDropsAreTraced()
    {
        h.engine.trace().setEnabled(true);
        h.mapCollection(7, 2);
        h.mapDevice(0x42, 5);
        h.mapEvent(0x42, 3, 8300, 7);
        h.msi(0x42, 3);
        h.msi(0x42, 4);
        h.write(ItsRegister.CTLR, 0);
        h.msi(0x42, 3);
        final List<TraceRecord> r = h.engine.trace().records();
        assertThat(r).filteredOn(x -> x.kind() == ArmTrace.DELIVER).extracting(TraceRecord::a, TraceRecord::b)
            .containsExactly(Tuple.tuple(2L, 8300L));
        assertThat(r).filteredOn(x -> x.kind() == ArmTrace.ITS_DROP)
            .extracting(x -> RequesterId.deviceId(x.a()), TraceRecord::b, TraceRecord::c)
            .containsExactly(Tuple.tuple(0x42, 4L, 0L), Tuple.tuple(0x42, 3L, 1L));
    }

    @Test
    void writesThatTranslateToNothingAreDroppedAndCounted()
    {
        h.mapCollection(0, 0);
        h.mapDevice(1, 2);
        h.mapEvent(1, 0, 8200, 0);
        h.mapEvent(1, 1, 8201, 9); // collection 9 is not mapped
        h.bus.write(h.its.translaterAddress(), 4, 0); // a CPU's write: no DeviceID
        h.msi(1, 1);
        h.msi(1, 2); // not mapped
        h.msi(1, 4); // beyond the ITT
        h.msi(2, 0); // device not mapped
        h.msi(0x1_0000, 0); // beyond Devbits
        h.write(ItsRegister.CTLR, 0);
        h.msi(1, 0); // the ITS is disabled
        assertThat(h.its.dropped()).isEqualTo(7);
        assertThat(h.its.translated()).isZero();
        assertThat(h.pending(0, 8200) || h.pending(0, 8201)).isFalse();
        h.write(ItsRegister.CTLR, ItsRegister.CTLR_ENABLED.mask());
        h.msi(1, 0);
        assertThat(h.take(0)).isEqualTo(8200);
    }

    @Test
    void translaterTakesSixteenAndThirtyTwoBitWritesOnly()
    {
        h.mapCollection(0, 0);
        h.mapDevice(1, 2);
        h.mapEvent(1, 2, 8202, 0);
        final long rid = ItsHarness.requester(1);
        assertThat(h.bus.dmaWrite(rid, h.its.translaterAddress(), 2, 2)).isTrue();
        assertThat(h.take(0)).isEqualTo(8202);
        h.bus.dmaWrite(rid, h.its.translaterAddress(), 1, 2);
        h.bus.dmaWrite(rid, h.its.translaterAddress(), 8, 2);
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.its.translated()).isEqualTo(1);
    }

    // ---- The translation cache ----------------------------------------------------------------------------

    /** Overwrites event 0 of device 1 in memory behind the ITS's back, as only broken software would. */
    private void corruptItt(final long itt)
    {
        h.memory.write64(itt, 1L << 63 | 8999);
    }

    @Test
    void aCachedTranslationLastsUntilACommandChangesItsMapping()
    {
        h.mapCollection(0, 0);
        h.mapCollection(1, 1);
        final long itt = h.mapDevice(1, 4);
        h.mapDevice(2, 4);
        h.mapEvent(1, 0, 8200, 0);
        h.msi(1, 0);
        assertThat(h.take(0)).isEqualTo(8200);
        final long hits = h.its.cache().hits();
        corruptItt(itt);
        for (final ItsCommand unrelated : new ItsCommand[] {new Sync(0), new Mapti(1, 1, 8201, 1), new Int(1, 1),
            new Inv(1, 0), new Invall(0), Mapc.map(1, 2), Mapd.unmap(2), new Discard(1, 1)})
        {
            assertThat(h.command(unrelated)).isNull();
            h.msi(1, 0);
            assertThat(h.take(0)).as("after %s", unrelated).isEqualTo(8200);
        }
        assertThat(h.its.cache().hits() - hits).isEqualTo(8);
        h.command(new Mapti(1, 0, 8210, 0)); // a new mapping over the pair
        h.msi(1, 0);
        assertThat(h.take(0)).isEqualTo(8210);
    }

    @Test
    void discardMoviMapdAndMapcEachEndACachedTranslation()
    {
        h.mapCollection(0, 0);
        h.mapCollection(1, 1);
        final long itt = h.mapDevice(1, 4);
        h.mapEvent(1, 0, 8200, 0);

        h.msi(1, 0);
        h.take(0);
        h.command(new Movi(1, 0, 1));
        h.msi(1, 0);
        assertThat(h.take(1)).isEqualTo(8200);

        h.command(Mapc.map(1, 3));
        h.msi(1, 0);
        assertThat(h.take(3)).isEqualTo(8200);

        h.command(new Discard(1, 0));
        h.msi(1, 0);
        assertThat(h.pins[3].irq).isFalse();

        h.command(Mapd.map(1, itt, 4));
        h.mapEvent(1, 0, 8200, 1);
        h.msi(1, 0);
        h.take(3);
        h.command(Mapd.unmap(1));
        h.msi(1, 0);
        assertThat(h.pins[3].irq).isFalse();
        assertThat(h.its.dropped()).isEqualTo(2);
    }

    @Test
    void aBaserWriteEmptiesTheCache()
    {
        h.mapCollection(0, 0);
        final long itt = h.mapDevice(1, 4);
        h.mapEvent(1, 0, 8200, 0);
        h.msi(1, 0);
        h.take(0);
        corruptItt(itt);
        h.write(ItsRegister.CTLR, 0);
        h.write(ItsRegister.BASER, 0, h.read(ItsRegister.BASER, 0));
        h.write(ItsRegister.CTLR, ItsRegister.CTLR_ENABLED.mask());
        h.msi(1, 0);
        assertThat(h.take(0)).isEqualTo(8999); // the walk reads what memory holds
    }

    // ---- Tables -------------------------------------------------------------------------------------------

    @Test
    void twoLevelDeviceAndCollectionTablesCoverOnlyIdsWithAValidLevelOneEntry()
    {
        final ItsHarness t = new ItsHarness(2, b -> b.deviceIdBits(20)).enableGic().enableIts();
        t.write(ItsRegister.CTLR, 0);
        final long l1 = t.alloc(0x1000, 0x1000); // one page of level-1 entries: 512 pages of 512 collections
        t.write(ItsRegister.BASER, 1, ItsRegister.BASER_VALID.mask() | ItsRegister.BASER_INDIRECT.mask() | l1);
        t.write(ItsRegister.CTLR, ItsRegister.CTLR_ENABLED.mask());

        t.mapCollection(1000, 1); // its level-2 page (slot 1) is made present first
        final long leaf = t.memory.read64(l1 + 8) & ItsRegister.LEVEL1_PA.mask();
        assertThat(t.memory.read64(leaf + 8L * (1000 - 512))).isEqualTo(1L << 63 | 1);
        assertThat(t.command(Mapc.map(2000, 1))).isEqualTo(ItsError.MAPC_COLLECTION_OOR); // slot 3 not present
        t.write(ItsRegister.CWRITER, t.cwriter - 32 & 0xffff);
        t.cwriter = t.cwriter - 32 & 0xffff;
        t.write(ItsRegister.CTLR, 0);
        t.write(ItsRegister.CBASER, t.read(ItsRegister.CBASER)); // reprogram: the stall ends, CREADR 0
        t.write(ItsRegister.CWRITER, 0);
        t.cwriter = 0;
        t.write(ItsRegister.CTLR, ItsRegister.CTLR_ENABLED.mask());

        assertThat(t.command(Mapd.map(0x8_1234, t.alloc(0x100, 0x100), 4)))
            .isEqualTo(ItsError.MAPD_DEVICE_OOR); // its level-2 page is not present
        t.write(ItsRegister.CTLR, 0);
        t.write(ItsRegister.CBASER, t.read(ItsRegister.CBASER));
        t.write(ItsRegister.CWRITER, 0);
        t.cwriter = 0;
        t.write(ItsRegister.CTLR, ItsRegister.CTLR_ENABLED.mask());
        t.mapDevice(0x8_1234, 4);
        t.mapEvent(0x8_1234, 15, 8500, 1000);
        t.msi(0x8_1234, 15);
        assertThat(t.take(1)).isEqualTo(8500);
        t.msi(0x8_1235, 15); // same level-2 page, not mapped
        assertThat(t.its.dropped()).isEqualTo(1);
        assertThat(t.command(Mapd.map(0x10_0000, 0, 4))).isEqualTo(ItsError.MAPD_DEVICE_OOR); // beyond 20 bits
    }

    @Test
    void collectionsBelowHccAreHeldInTheItsWithoutTheCollectionTable()
    {
        final ItsHarness t = new ItsHarness(4, b -> b.hcc(4)).enableGic().enableIts();
        final long ct = t.read(ItsRegister.BASER, 1) & ItsRegister.BASER_PA.mask();
        t.mapCollection(3, 2);
        t.mapCollection(5, 1);
        assertThat(t.memory.read64(ct + 8 * 3)).isZero(); // held in the ITS
        assertThat(t.memory.read64(ct + 8 * 5)).isEqualTo(1L << 63 | 1);
        t.write(ItsRegister.CTLR, 0);
        t.write(ItsRegister.BASER, 1, 0); // no collection table at all
        t.write(ItsRegister.CTLR, ItsRegister.CTLR_ENABLED.mask());
        t.mapDevice(1, 2);
        t.mapEvent(1, 0, 8200, 3);
        t.msi(1, 0);
        assertThat(t.take(2)).isEqualTo(8200);
        assertThat(t.command(Mapc.map(4, 0))).isEqualTo(ItsError.MAPC_COLLECTION_OOR);
    }

    @Test
    void severalItsesOnOneGicKeepTheirOwnMappings()
    {
        final ItsHarness second = h.another(0x0900_0000L).enableIts();
        h.mapCollection(0, 0);
        second.mapCollection(0, 3);
        h.mapDevice(5, 2);
        second.mapDevice(5, 2);
        h.mapEvent(5, 1, 8200, 0);
        second.mapEvent(5, 1, 8300, 0);
        second.msi(5, 1);
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.take(3)).isEqualTo(8300);
        h.msi(5, 1);
        assertThat(h.take(0)).isEqualTo(8200);
        assertThat(h.its.translated()).isEqualTo(1);
        assertThat(second.its.translated()).isEqualTo(1);
    }
}
