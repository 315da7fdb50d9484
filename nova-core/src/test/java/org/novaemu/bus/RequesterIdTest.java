// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RequesterIdTest
{
    @Test
    void packsPciSegmentBusDeviceFunction()
    {
        final long rid = RequesterId.pci(0x12, 0x3a, 0x1f, 5);
        assertThat(rid).isEqualTo(0x0012_3afdL);
        assertThat(RequesterId.segment(rid)).isEqualTo(0x12);
        assertThat(RequesterId.sourceId(rid)).isEqualTo(0x3afd);
        assertThat(RequesterId.pciToString(rid)).isEqualTo("0012:3a:1f.5");
    }

    @Test
    void packsArmStreamAndDeviceIds()
    {
        final long rid = RequesterId.arm(0x8001, 0xffff_fffe);
        assertThat(RequesterId.streamId(rid)).isEqualTo(0x8001);
        assertThat(RequesterId.deviceId(rid)).isEqualTo(0xffff_fffe);
        assertThat(rid).isNotEqualTo(RequesterId.CPU);
    }

    @Test
    void rejectsOutOfRangeFieldsByName()
    {
        assertThatThrownBy(() -> RequesterId.pci(0, 0, 32, 0)).hasMessageContaining("device");
        assertThatThrownBy(() -> RequesterId.pci(0, 256, 0, 0)).hasMessageContaining("bus");
        assertThatThrownBy(() -> RequesterId.pci(0, 0, 0, 8)).hasMessageContaining("function");
        assertThatThrownBy(() -> RequesterId.pci(0x10000, 0, 0, 0)).hasMessageContaining("segment");
        assertThatThrownBy(() -> RequesterId.arm(-1, -1)).hasMessageContaining("streamId");
    }
}
