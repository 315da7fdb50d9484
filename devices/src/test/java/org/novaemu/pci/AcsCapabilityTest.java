// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.RecordingMmio;

/**
 * ACS source validation at root ports and switch downstream ports (PCI Express Base 6.0, 6.12.1.1 and
 * 7.7.8): the capability as software finds it, off at reset, and what it lets through once enabled.
 */
class AcsCapabilityTest
{
    private static final long SINK = 0xc000_0000L;

    private final Machine m = new Machine();
    private final RecordingMmio sink = new RecordingMmio(16);
    private PciFunction first;
    private PciFunction second;
    private PciFunction behindSwitch;
    private PciFunction switchPort;

    @BeforeEach
    void build()
    {
        m.bus.mapMmio("sink", SINK, 0x1000, sink, AccessRule.ANY);
        final Topology t = new Topology(m.segment);
        first = t.root().rootPort().add(new PciFunction("first", 1, 1, 0, false, 0));      // 01:00.0 below 00:01.0
        second = t.root().rootPort().add(new PciFunction("second", 1, 2, 0, false, 0));   // 02:00.0 below 00:02.0
        final Topology.Downstream[] down = t.root().rootPort().pcieSwitch(2);             // 00:03.0, bus 3 on
        behindSwitch = down[1].add(new PciFunction("third", 1, 3, 0, false, 0));
        switchPort = down[1].bridge();
        for (final PciFunction f : new PciFunction[] {first, second, behindSwitch})
        {
            m.cfg(f, 0x04, 2, Header.COMMAND_BUS_MASTER);
        }
    }

    /** @return the offset of the port's ACS capability in configuration space, found as software finds it */
    private int acs(final int bus, final int dev)
    {
        for (int at = 0x100; at != 0;)
        {
            final long header = m.cfg(bus, dev, 0, at, 4);
            if ((header & 0xffff) == Capability.EXT_ID_ACS)
            {
                return at;
            }
            at = (int) (header >>> 20);
        }
        throw new AssertionError("no ACS capability at " + bus + ":" + dev);
    }

    @Test
    void portsAdvertiseSourceValidationOnlyAndResetWithItOff()
    {
        final int at = acs(0, 2);
        assertThat(m.cfg(0, 2, 0, at, 4) >>> 16 & 0xf).isEqualTo(1);                     // version 1
        assertThat(m.cfg(0, 2, 0, at + 4, 2)).isEqualTo(AcsCapability.SOURCE_VALIDATION); // V only
        assertThat(m.cfg(0, 2, 0, at + 6, 2)).isZero();                                    // control: all off
        m.cfg(0, 2, 0, at + 6, 2, 0xffff);
        assertThat(m.cfg(0, 2, 0, at + 6, 2)).isEqualTo(AcsCapability.SOURCE_VALIDATION); // the rest hardwired 0
        assertThat(m.cfg(0, 2, 0, at + 4, 2)).isEqualTo(AcsCapability.SOURCE_VALIDATION); // read-only
        final int[] d = Machine.bdf(switchPort);
        assertThat(m.cfg(d[0], d[1], d[2], acs(d[0], d[1]) + 6, 2)).isZero();
    }

    @Test
    void withoutValidationADeviceMaySendWithItsNeighboursRequesterId()
    {
        final int neighbour = (int) first.requesterId();
        assertThat(second.dmaWriteAs(neighbour, SINK, 4, 0x1234)).isTrue();
        assertThat(sink.count()).isEqualTo(1);
        assertThat(sink.requester(0)).isEqualTo(first.requesterId());
    }

    @Test
    void validationRefusesAnotherBusAndCountsTheViolationButPassesItsOwnRange()
    {
        final int at = acs(0, 2);
        m.cfg(0, 2, 0, at + 6, 2, AcsCapability.SOURCE_VALIDATION);
        final AcsCapability port = (AcsCapability) m.segment.function(0, 2, 0).find(Capability.EXT_ID_ACS, true);
        assertThat(port.sourceValidation()).isTrue();
        assertThat(second.dmaWriteAs((int) first.requesterId(), SINK, 4, 0x1234)).isFalse();
        assertThat(second.dmaReadAs((int) first.requesterId(), SINK, 4)).isEqualTo(0xffff_ffffL);
        assertThat(sink.count()).isZero();
        assertThat(port.violations()).isEqualTo(2);
        // Its own ID, and another function number on its own bus, are in the port's range.
        assertThat(second.dmaWriteAs((int) second.requesterId(), SINK, 4, 1)).isTrue();
        assertThat(second.dmaWriteAs((int) second.requesterId() | 7, SINK, 4, 2)).isTrue();
        assertThat(second.dmaWrite(SINK, 4, 3)).isTrue();
        assertThat(sink.count()).isEqualTo(3);
        // The neighbour's port does not validate: the first function may still pretend to be the second.
        assertThat(first.dmaWriteAs((int) second.requesterId(), SINK, 4, 4)).isTrue();
    }

    @Test
    void aSwitchDownstreamPortValidatesTheBusesBelowItOnly()
    {
        final int[] d = Machine.bdf(switchPort);
        m.cfg(d[0], d[1], d[2], acs(d[0], d[1]) + 6, 2, AcsCapability.SOURCE_VALIDATION);
        final int sibling = (d[0] + 1) << 8; // the bus below the switch's first downstream port
        assertThat(behindSwitch.dmaWriteAs(sibling, SINK, 4, 1)).isFalse();
        assertThat(behindSwitch.dmaWriteAs((int) behindSwitch.requesterId(), SINK, 4, 2)).isTrue();
        assertThat(sink.count()).isEqualTo(1);
    }

    @Test
    void aForgedRequesterStaysInTheFunctionsSegmentAndSixteenBits()
    {
        assertThat(second.dmaWriteAs(0xffff_0108, SINK, 4, 1)).isTrue();
        assertThat(sink.requester(0)).isEqualTo(0x0108L);
    }
}
