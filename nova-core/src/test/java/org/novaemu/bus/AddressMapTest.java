// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.mem.PhysicalMemory;

/** The address map alone: sorted insertion, overlap checks, unmapping, and the lookups the bus routes with. */
class AddressMapTest
{
    private static final MmioDevice DEV = new RecordingMmio(1);

    private final AddressMap map = new AddressMap();

    @Test
    void regionsAreKeptInAddressOrderWhateverTheInsertionOrder()
    {
        map.insert("c", 0x3000, 0x1000, DEV, AccessRule.DWORD);
        map.insert("a", 0x1000, 0x1000, null, AccessRule.ANY);
        map.insert("b", 0x2000, 0x800, DEV, AccessRule.ANY);
        assertThat(map.regions()).extracting(Region::name).containsExactly("a", "b", "c");
        assertThat(map.find(0x1fff)).isZero();
        assertThat(map.find(0x2000)).isEqualTo(1);
        assertThat(map.base(1)).isEqualTo(0x2000);
        assertThat(map.device(0)).isNull();
        assertThat(map.device(2)).isSameAs(DEV);
    }

    @Test
    void addressesOutsideEveryRegionFindNothing()
    {
        map.insert("a", 0x1000, 0x1000, null, AccessRule.ANY);
        map.insert("b", 0x4000, 0x1000, null, AccessRule.ANY);
        assertThat(map.find(0)).isEqualTo(-1);
        assertThat(map.find(0x2000)).isEqualTo(-1); // between the two
        assertThat(map.find(0x5000)).isEqualTo(-1); // beyond the last
        assertThat(map.find(-1)).isEqualTo(-1);
        assertThat(new AddressMap().find(0)).isEqualTo(-1);
    }

    @Test
    void anOverlapOnEitherSideIsRejectedWithBothNames()
    {
        map.insert("low", 0x1000, 0x1000, null, AccessRule.ANY);
        map.insert("high", 0x3000, 0x1000, null, AccessRule.ANY);
        assertThatThrownBy(() -> map.insert("x", 0x1fff, 2, DEV, AccessRule.ANY))
            .hasMessage("region x [0x1fff, 0x2000] overlaps region low [0x1000, 0x1fff]");
        assertThatThrownBy(() -> map.insert("y", 0x2000, 0x1001, DEV, AccessRule.ANY))
            .hasMessage("region y [0x2000, 0x3000] overlaps region high [0x3000, 0x3fff]");
        assertThatThrownBy(() -> map.insert("z", PhysicalMemory.LIMIT, 1, DEV, AccessRule.ANY))
            .hasMessageContaining("base");
        assertThat(map.regions()).hasSize(2);
        map.insert("fits", 0x2000, 0x1000, DEV, AccessRule.ANY); // exactly the gap
        assertThat(map.regions()).extracting(Region::name).containsExactly("low", "fits", "high");
    }

    @Test
    void aRangeIsFreeOnlyInsidePhysicalMemoryAndClearOfEveryRegion()
    {
        map.insert("r", 0x2000, 0x1000, null, AccessRule.ANY);
        assertThat(map.isFree(0x1000, 0x1000)).isTrue();
        assertThat(map.isFree(0x1000, 0x1001)).isFalse();
        assertThat(map.isFree(0x2fff, 1)).isFalse();
        assertThat(map.isFree(0x3000, 0x10_0000)).isTrue();
        assertThat(map.isFree(0, 0x10_0000)).isFalse(); // covers the region
        assertThat(map.isFree(-0x1000, 0x1000)).isFalse();
        assertThat(map.isFree(0x5000, 0)).isFalse();
        assertThat(map.isFree(PhysicalMemory.LIMIT - 0x1000, 0x1000)).isTrue();
        assertThat(map.isFree(PhysicalMemory.LIMIT - 0x1000, 0x1001)).isFalse();
    }

    @Test
    void unmapTakesOnlyARegionByItsBaseAndForgetsTheLastHit()
    {
        map.insert("a", 0x1000, 0x1000, null, AccessRule.ANY);
        map.insert("b", 0x2000, 0x1000, DEV, AccessRule.ANY);
        assertThat(map.find(0x2800)).isEqualTo(1); // now the last hit
        assertThat(map.unmap(0x2800)).isFalse(); // inside b, not its base
        assertThat(map.unmap(0x5000)).isFalse();
        assertThat(map.unmap(0x2000)).isTrue();
        assertThat(map.find(0x2800)).isEqualTo(-1);
        assertThat(map.find(0x1800)).isZero();
        assertThat(map.regions()).extracting(Region::name).containsExactly("a");
        map.insert("b2", 0x2000, 0x100, DEV, AccessRule.ANY);
        assertThat(map.find(0x2050)).isEqualTo(1);
    }

    @Test
    void anAccessIsRoutedOnlyWhenOneRegionHoldsItAndItsRuleAllowsIt()
    {
        map.insert("ram", 0x1000, 0x1000, null, AccessRule.ANY);
        map.insert("regs", 0x2000, 0x1000, DEV, AccessRule.DWORD);
        assertThat(map.route(0x1ffd, 2)).isZero();
        assertThat(map.route(0x1fff, 2)).isEqualTo(-1); // straddles into regs
        assertThat(map.route(0x2004, 4)).isEqualTo(1);
        assertThat(map.route(0x2004, 8)).isEqualTo(-1); // the rule wants dwords
        assertThat(map.route(0x2002, 4)).isEqualTo(-1); // and aligned ones
        assertThat(map.route(0x3000, 1)).isEqualTo(-1);
    }

    @Test
    void ramAndHolesAreToldApartOverWholeRanges()
    {
        map.insert("ram", 0x1000, 0x1000, null, AccessRule.ANY);
        map.insert("regs", 0x3000, 0x1000, DEV, AccessRule.ANY);
        assertThat(map.isRam(0x1000, 0x1000)).isTrue();
        assertThat(map.isRam(0x1800, 0x801)).isFalse(); // runs off its end
        assertThat(map.isRam(0x3000, 4)).isFalse(); // a device
        assertThat(map.isHole(0x2000, 0x1000)).isTrue();
        assertThat(map.isHole(0x2000, 0x1001)).isFalse(); // reaches regs
        assertThat(map.isHole(0x1fff, 1)).isFalse();
        assertThat(map.isHole(0x0, 0x1000)).isTrue();
        assertThat(map.isHole(0x4000, 0x7fff_ffff)).isTrue();
    }

    @Test
    void manyRegionsGrowTheTableAndStaySearchable()
    {
        for (int i = 99; i >= 0; i--)
        {
            map.insert("r" + i, 0x10_0000L * i, 0x1000, i % 2 == 0 ? null : DEV, AccessRule.ANY);
        }
        assertThat(map.regions()).hasSize(100);
        for (int i = 0; i < 100; i++)
        {
            assertThat(map.find(0x10_0000L * i + 0xfff)).isEqualTo(i);
            assertThat(map.find(0x10_0000L * i + 0x1000)).isEqualTo(-1);
        }
        assertThat(map.regions().get(42).base()).isEqualTo(0x10_0000L * 42);
    }
}
