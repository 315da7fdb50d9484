// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.pcie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.RequesterId;

/**
 * ID mappings as the device tree's msi-map and iommu-map and the IORT's ID mappings describe them (A122-A124):
 * RID r in [base, base + length) maps to r - base + output, the maps total, many-to-one allowed.
 */
class IdMapTest
{
    @Test
    void aRequesterIdMapsToItsOffsetFromItsMappingsBase()
    {
        // pci-msi.txt example (4): the high bit of the bus number negated; given out of order.
        final IdMap negated = IdMap.of(new IdMapping(0x8000, 0x8000, 0), new IdMapping(0, 0x8000, 0x8000));
        assertThat(negated.map(0x0000)).isEqualTo(0x8000);
        assertThat(negated.map(0x7fff)).isEqualTo(0xffff);
        assertThat(negated.map(0x8000)).isEqualTo(0x0000);
        assertThat(negated.map(0xffff)).isEqualTo(0x7fff);
        assertThat(negated.mappings()).extracting(IdMapping::inputBase).containsExactly(0, 0x8000);
        // Example (3): the high bit ignored, two requester IDs to one ID.
        final IdMap ignored = IdMap.of(new IdMapping(0, 0x8000, 0), new IdMapping(0x8000, 0x8000, 0));
        assertThat(ignored.map(0x8123)).isEqualTo(ignored.map(0x0123)).isEqualTo(0x0123);
        assertThat(IdMap.IDENTITY.map(0x1234)).isEqualTo(0x1234);
        assertThat(IdMap.linear(5 << 16).map(0x1234)).isEqualTo(0x5_1234);
        // Single IDs at the edges of a map of many mappings.
        final IdMap fine = IdMap.of(new IdMapping(0, 1, 0xffff_fffe), new IdMapping(1, 0xfffe, 7),
            new IdMapping(0xffff, 1, 3));
        assertThat(fine.map(0)).isEqualTo(0xffff_fffe);
        assertThat(fine.map(1)).isEqualTo(7);
        assertThat(fine.map(0xfffe)).isEqualTo(7 + 0xfffd);
        assertThat(fine.map(0xffff)).isEqualTo(3);
    }

    @Test
    void aMapMustCoverEveryRequesterIdOnceAndAMappingFitItsRanges()
    {
        assertThatThrownBy(() -> IdMap.of(new IdMapping(0, 0x100, 0), new IdMapping(0x200, 0xfe00, 0)))
            .hasMessageContaining("mappings").hasMessageContaining("0x0100 to 0x01ff");
        assertThatThrownBy(() -> IdMap.of(new IdMapping(0, 0x100, 0), new IdMapping(0xff, 0xff01, 0)))
            .hasMessageContaining("mappings").hasMessageContaining("0x00ff is mapped twice");
        assertThatThrownBy(() -> IdMap.of(new IdMapping(0, 0x8000, 0)))
            .hasMessageContaining("0x8000 to 0xffff are not mapped");
        assertThatThrownBy(() -> IdMap.of()).hasMessageContaining("0x0000 to 0xffff");
        assertThatThrownBy(() -> IdMap.of((IdMapping) null)).hasMessageContaining("mappings");
        assertThatThrownBy(() -> new IdMapping(0x1_0000, 1, 0)).hasMessageContaining("inputBase");
        assertThatThrownBy(() -> new IdMapping(0, 0, 0)).hasMessageContaining("count");
        assertThatThrownBy(() -> new IdMapping(0xff00, 0x101, 0)).hasMessageContaining("count");
        assertThatThrownBy(() -> new IdMapping(0, 2, -1)).hasMessageContaining("outputBase");
        assertThat(new IdMapping(0, 1, -1).lastOutput()).isEqualTo(-1);
        assertThatThrownBy(() -> IdMap.IDENTITY.map(0x1_0000)).hasMessageContaining("rid");
        assertThatThrownBy(() -> IdMap.IDENTITY.map(-1)).hasMessageContaining("rid");
    }

    @Test
    void aRootComplexsRequesterIdIsStreamIdBelowDeviceIdAsADtdsWordZero()
    {
        final RootComplex rc = new RootComplex(3, IdMap.linear(0x100_0000), IdMap.linear(3 << 16));
        final long rid = rc.requester(0x0208);
        assertThat(RequesterId.streamId(rid)).isEqualTo(rc.streamId(0x0208)).isEqualTo(0x3_0208);
        assertThat(RequesterId.deviceId(rid)).isEqualTo(rc.deviceId(0x0208)).isEqualTo(0x100_0208);
        assertThat(rid).isEqualTo(0x100_0208L << 32 | 0x3_0208L); // DTD #0: SID [31:0], DID [63:32]
        assertThat(RootComplex.linear(2).requester(0x0100)).isEqualTo(RequesterId.arm(0x2_0100, 0x2_0100));
        assertThatThrownBy(() -> new RootComplex(0, null, IdMap.IDENTITY)).hasMessageContaining("msiMap");
        assertThatThrownBy(() -> new RootComplex(0, IdMap.IDENTITY, null)).hasMessageContaining("iommuMap");
        assertThatThrownBy(() -> new RootComplex(0x1_0000, IdMap.IDENTITY, IdMap.IDENTITY))
            .hasMessageContaining("segment");
        final IdMap ones = IdMap.of(new IdMapping(0, 0xffff, 0), new IdMapping(0xffff, 1, -1));
        assertThatThrownBy(() -> new RootComplex(0, ones, ones)).hasMessageContaining("iommuMap")
            .hasMessageContaining("0xffff");
        assertThat(new RootComplex(0, IdMap.IDENTITY, ones).requester(0xffff)).isEqualTo(0xffffL << 32 | 0xffff_ffffL);
    }
}
