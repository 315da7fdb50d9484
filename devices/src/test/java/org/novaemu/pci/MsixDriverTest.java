// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** What a driver writes to program MSI-X (PCI Express Base 6.0, 7.7.2): one entry, then the enable. */
class MsixDriverTest
{
    private final List<String> writes = new ArrayList<>();
    private final Store recorder = (address, size, value) ->
        writes.add(Long.toHexString(address) + "/" + size + "=" + Long.toHexString(value));

    @Test
    void anEntryIsItsAddressItsDataAndAnUnmaskedVectorControl()
    {
        MsixCapability.writeEntry(recorder, 0x1000, 3, 0xfee0_0018L, 0x1_0000_0028L);
        assertThat(writes).containsExactly("1030/8=fee00018", "1038/4=28", "103c/4=0");
    }

    @Test
    void enablingSetsMsixEnableAndClearsTheFunctionMask()
    {
        MsixCapability.enable(recorder, 0xe000_0070L);
        assertThat(writes).containsExactly("e0000072/2=" + Integer.toHexString(MsixCapability.ENABLE));
    }
}
