// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.gic.Gic;
import org.novaemu.arm.gic.its.Its;
import org.novaemu.arm.gic.its.ItsRegister;
import org.novaemu.bus.Bus;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;

/**
 * How the GITS driver lays out an ITS's device table (A184), as NOVA's {@code init_baser} probes it: flat while
 * all DeviceIDs fit the driver's 1 MiB, two-level beyond it when the ITS keeps Indirect, and otherwise a flat
 * table of the allotment that covers fewer DeviceIDs; in the page size the ITS takes.
 */
class GitsTablesTest
{
    private static final long RAM = 0x4000_0000L;
    private static final long ITS = 0x0808_0000L;

    private Bus bus;
    private Its its;

    private Gits driver(final UnaryOperator<Its.Builder> config)
    {
        final Engine engine = Engine.builder().build();
        bus = new Bus(new PhysicalMemory(), engine.trace());
        bus.mapRam("ram", RAM, 0x1000_0000L);
        final Gic gic = Gic.builder(engine, bus).pes(2).build();
        its = config.apply(Its.builder(gic, bus).base(ITS)).build();
        return new Gits(bus, ITS, RAM, new long[] {0, 1});
    }

    private long baser(final int n)
    {
        return bus.read(ITS + ItsRegister.BASER.offset(n), 8);
    }

    private static long pages(final long baser)
    {
        return ItsRegister.BASER_SIZE.extract(baser) + 1;
    }

    @Test
    void sixteenDeviceIdBitsGetAFlatTableOf4KibPages()
    {
        final Gits g = driver(b -> b.deviceIdBits(16));
        final long dev = baser(0);
        assertThat(ItsRegister.BASER_VALID.isSet(dev)).isTrue();
        assertThat(ItsRegister.BASER_INDIRECT.isSet(dev)).isFalse();
        assertThat(ItsRegister.BASER_PAGE_SIZE.extract(dev)).isEqualTo(ItsRegister.PAGE_4K);
        assertThat(pages(dev)).as("2^16 entries of 8 bytes").isEqualTo(128);
        assertThat(g.validDevice(0xffff)).isTrue();
        assertThat(g.validDevice(0x1_0000)).isFalse();
        assertThat(ItsRegister.BASER_VALID.isSet(baser(1))).as("the collection table").isTrue();
        assertThat(its.commandErrors()).isZero();
    }

    @Test
    void twentyDeviceIdBitsGetTwoLevelsWhenTheItsKeepsIndirect()
    {
        final Gits g = driver(b -> b.deviceIdBits(20));
        final long dev = baser(0);
        assertThat(ItsRegister.BASER_INDIRECT.isSet(dev)).isTrue();
        assertThat(ItsRegister.BASER_PAGE_SIZE.extract(dev)).isEqualTo(ItsRegister.PAGE_4K);
        assertThat(pages(dev)).as("2^20 / 512 level-1 entries of 8 bytes").isEqualTo(4);
        assertThat(g.twoLevel()).isTrue();
        assertThat(g.validDevice((1 << 20) - 1)).isTrue();
        final int did = (1 << 20) - 1;
        assertThat(g.room(did)).isTrue();
        assertThat(g.open(did)).isNotNull();
        final long level1 = (dev & ItsRegister.BASER_PA.mask()) + (long) (did / 512) * 8;
        assertThat(ItsRegister.LEVEL1_VALID.isSet(bus.memory().read64(level1))).isTrue();
        assertThat(its.commandErrors()).as("the MAPD found its entry").isZero();
    }

    @Test
    void withoutIndirectTheFlatTableStaysInTheAllotmentAndCoversFewerDeviceIds()
    {
        final Gits g = driver(b -> b.deviceIdBits(20).twoLevelTables(false));
        final long dev = baser(0);
        assertThat(ItsRegister.BASER_INDIRECT.isSet(dev)).isFalse();
        assertThat(pages(dev) * ItsRegister.pageBytes((int) ItsRegister.BASER_PAGE_SIZE.extract(dev)))
            .isEqualTo(Gits.DEVICE_TABLE_BYTES);
        assertThat(g.validDevice((1 << 17) - 1)).isTrue();
        assertThat(g.validDevice(1 << 17)).isFalse();
        assertThat(g.open((1 << 17) - 1)).isNotNull();
        assertThat(its.commandErrors()).isZero();
    }

    @Test
    void anItsWithOnlyLargePagesGetsItsTablesInThem()
    {
        final Gits flat = driver(b -> b.deviceIdBits(16).pageSize(0x1_0000));
        assertThat(ItsRegister.BASER_PAGE_SIZE.extract(baser(0))).isEqualTo(ItsRegister.PAGE_64K);
        assertThat(pages(baser(0))).isEqualTo(8);
        assertThat(ItsRegister.BASER_PAGE_SIZE.extract(baser(1))).isEqualTo(ItsRegister.PAGE_64K);
        assertThat(flat.validDevice(0xffff)).isTrue();
        final Gits two = driver(b -> b.deviceIdBits(20).pageSize(0x1_0000));
        assertThat(ItsRegister.BASER_INDIRECT.isSet(baser(0))).isTrue();
        assertThat(pages(baser(0))).as("128 level-1 entries in one 64 KiB page").isEqualTo(1);
        assertThat(two.open(0x12345)).isNotNull();
        assertThat(its.commandErrors()).isZero();
    }
}
