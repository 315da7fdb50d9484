// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.RecordingMmio;
import org.novaemu.irq.IrqLine;
import org.novaemu.sim.Engine;

/** Enumeration through ECAM, bus numbering, requester IDs with aliases, INTx swizzling, the listing. */
class TopologyTest
{
    @Test
    void fourThousandFunctionsBehindSixteenRootPortsEnumerateThroughEcam()
    {
        final Machine m = new Machine();
        Topology.build(m.segment, 16, 256, i -> new PciFunction("nic" + i, 0x1234, 0x1000 + (i & 0xff), 0x020000,
            false, 0));
        // A depth-first walk as firmware does it: from bus 0, into each bridge's secondary bus.
        final List<String> found = new ArrayList<>();
        walk(m, 0, found);
        assertThat(found).hasSize(1 + 16 + 4096);
        assertThat(found.get(0)).isEqualTo("00:00.0 1b36:0008");
        assertThat(found.get(1)).isEqualTo("00:01.0 1b36:000c");
        assertThat(found.get(2)).isEqualTo("01:00.0 1234:1000");
        assertThat(found.get(found.size() - 1)).isEqualTo("10:1f.7 1234:10ff");
        final PciFunction last = m.segment.function(16, 31, 7);
        assertThat(last.requesterId()).isEqualTo(0x10ff);
        assertThat(m.cfg(0, 16, 0, 0x19, 1)).isEqualTo(16); // port 16's secondary bus
        assertThat(m.cfg(16, 0, 0, 0x0e, 1)).isEqualTo(0x80); // multi-function devices
    }

    private static void walk(final Machine m, final int bus, final List<String> out)
    {
        for (int dev = 0; dev < 32; dev++)
        {
            final int functions = (m.cfg(bus, dev, 0, 0x0e, 1) & 0x80) != 0 ? 8 : 1;
            for (int fn = 0; fn < functions; fn++)
            {
                final long id = m.cfg(bus, dev, fn, 0, 4);
                if ((id & 0xffff) == 0xffff)
                {
                    continue;
                }
                out.add(String.format("%02x:%02x.%x %04x:%04x", bus, dev, fn, id & 0xffff, id >>> 16));
                if ((m.cfg(bus, dev, fn, 0x0e, 1) & 0x7f) == 1)
                {
                    walk(m, (int) m.cfg(bus, dev, fn, 0x19, 1), out);
                }
            }
        }
    }

    @Test
    void bridgesNumberBusesAliasRequesterIdsAndSwizzlePins()
    {
        final Engine e = Engine.builder().build();
        final List<String> routed = new ArrayList<>();
        final Machine m = new Machine(256, (seg, dev, pin) -> {
            routed.add(dev + ":" + pin);
            return new IntxRoute(new IrqLine("pin" + dev + pin, dev * 4 + pin, e.trace()));
        });
        final Topology t = new Topology(m.segment);
        final Topology.Downstream port = t.root().rootPort();              // 00:01.0, bus 1
        final PciFunction direct = port.add(new PciFunction("direct", 1, 1, 0, false, 1));  // 01:00.0 INTA
        final Topology.Downstream legacy = port.pcieToPciBridge();         // 01:01.0, bus 2
        legacy.device(3);
        final PciFunction old = legacy.add(new PciFunction("old", 1, 2, 0, false, 2)); // 02:03.0 INTB
        final Topology.Downstream second = t.root().rootPort();           // 00:02.0, bus 3
        assertThat(second.number()).isEqualTo(3);
        assertThat(m.cfg(0, 1, 0, 0x18, 4) & 0xffffff).isEqualTo(0x02_01_00); // primary 0, secondary 1, subordinate 2
        assertThat(m.cfg(1, 1, 0, 0x18, 4) & 0xffffff).isEqualTo(0x02_02_01);
        assertThat(direct.requesterId()).isEqualTo(0x0100);
        assertThat(old.bdf()).isEqualTo(0x0218);
        assertThat(old.requesterId()).isEqualTo(0x0200); // the bridge's secondary bus, devfn 0
        // direct: INTA of device 0 crosses port 00:01 as (1-1+0)%4+1 = INTA. old: INTB of device 3 crosses the
        // bridge at 01:01 as (2-1+3)%4+1 = INTA, then the port as (1-1+1)%4+1 = INTB; both at root device 1.
        assertThat(routed).containsExactly("1:1", "1:2");
        direct.setIntx(true);
        old.setIntx(true);
        assertThat(m.segment.function(0, 1, 0)).isNotNull();
        final String listing = Listing.of(m.segment);
        assertThat(listing).contains("0000:02:03.0 old: 000000 0001:0002 rid 0200 INTB");
        assertThat(listing).contains("0000:00:01.0 root port: 060400 1b36:000c rid 0008 bus 01-02");
        assertThat(listing).contains("PcieCapability");
    }

    @Test
    void aSwitchNumbersItsInternalAndDownstreamBuses()
    {
        final Machine m = new Machine();
        final Topology t = new Topology(m.segment);
        final Topology.Downstream port = t.root().rootPort();                 // 00:01.0 -> bus 1
        final Topology.Downstream[] down = port.pcieSwitch(3);                 // 01:00.0 -> bus 2, ports on bus 2
        final PciFunction nic = down[2].add(new PciFunction("nic", 1, 3, 0x020000, false, 0));
        assertThat(down[0].number()).isEqualTo(3);
        assertThat(down[2].number()).isEqualTo(5);
        assertThat(nic.bdf()).isEqualTo(0x0500);
        assertThat(m.cfg(0, 1, 0, 0x18, 4) & 0xffffff).isEqualTo(0x05_01_00); // the root port covers buses 1-5
        assertThat(m.cfg(1, 0, 0, 0x18, 4) & 0xffffff).isEqualTo(0x05_02_01); // upstream port: 2-5
        assertThat(m.cfg(2, 2, 0, 0x18, 4) & 0xffffff).isEqualTo(0x05_05_02); // third downstream port
        final PcieCapability up = (PcieCapability) m.segment.function(1, 0, 0).find(Capability.ID_PCIE, false);
        assertThat(up.type()).isEqualTo(PcieCapability.SWITCH_UPSTREAM);
        assertThat(m.cfg(1, 0, 0, up.offset() + 2, 2) >>> 4 & 0xf).isEqualTo(PcieCapability.SWITCH_UPSTREAM);
        final List<String> found = new ArrayList<>();
        walk(m, 0, found);
        assertThat(found).hasSize(1 + 1 + 1 + 3 + 1);
    }

    @Test
    void bridgesMustBeBuiltDepthFirstSoThatBusRangesNest()
    {
        final Machine m = new Machine();
        final Topology t = new Topology(m.segment);
        final Topology.Downstream first = t.root().rootPort();
        t.root().rootPort();
        assertThatThrownBy(first::pcieToPciBridge).hasMessageContaining("depth first");
    }

    @Test
    void secondaryBusResetResetsEverythingBelowTheBridge()
    {
        final Machine m = new Machine();
        final Topology t = new Topology(m.segment);
        final Topology.Downstream port = t.root().rootPort();
        final Topology.Downstream legacy = port.pcieToPciBridge();
        final PciFunction deep = legacy.add(new PciFunction("deep", 1, 2, 0, false, 0));
        m.cfg(deep, 0x04, 2, Header.COMMAND_BUS_MASTER);
        assertThat(deep.busMaster()).isTrue();
        m.cfg(0, 1, 0, 0x3e, 2, PciFunction.BRIDGE_SECONDARY_RESET);
        assertThat(deep.busMaster()).isFalse();
        assertThat(m.cfg(deep, 0x04, 2)).isZero();
        assertThat(m.cfg(0, 1, 0, 0x19, 1)).isEqualTo(1); // the port itself keeps its bus numbers
    }

    @Test
    void aSegmentWithoutBusesLeftSaysSo()
    {
        final Machine m = new Machine(3, null);
        final Topology t = new Topology(m.segment);
        t.root().rootPort();
        t.root().rootPort();
        assertThatThrownBy(() -> t.root().rootPort()).hasMessageContaining("no bus left");
        assertThatThrownBy(() -> Topology.build(new Machine(2, null).segment, 32, 1, i -> null))
            .hasMessageContaining("ports");
        assertThatThrownBy(() -> new Topology(m.segment)).hasMessageContaining("not empty");
    }

    @Test
    void aSegmentsRequesterMapGivesTheRequesterIdsOnTheBusOfOwnAliasedAndForgedIds()
    {
        final Machine m = new Machine();
        final PciSegment mapped = new PciSegment(7, m.bus, 0xc000_0000L, 8, null, rid -> 0x5_0000_0000L | rid << 4);
        final Topology t = new Topology(mapped);
        final PciFunction own = t.root().rootPort().add(new PciFunction("own", 0x1234, 1, 0x020000, false, 0));
        final Topology.Downstream pci = t.root().rootPort().pcieToPciBridge();
        pci.add(new PciFunction("a", 0x1234, 2, 0x020000, false, 0));
        final PciFunction aliased = pci.add(new PciFunction("b", 0x1234, 2, 0x020000, false, 0));
        assertThat(mapped.requesters().requester(0x0100)).isEqualTo(0x5_0000_1000L);
        assertThat(own.bdf()).isEqualTo(7 << 16 | 0x0100);
        assertThat(own.requesterId()).isEqualTo(0x5_0000_1000L);
        assertThat(aliased.requesterId()).as("the bridge's alias 03:00.0, mapped").isEqualTo(0x5_0000_3000L);
        final RecordingMmio probe = new RecordingMmio(4);
        m.bus.mapMmio("probe", 0x9000_0000L, 0x1000, probe, AccessRule.DWORD);
        own.configWrite(Header.COMMAND.offset(), 2, Header.COMMAND_BUS_MASTER);
        assertThat(own.dmaWrite(0x9000_0000L, 4, 1)).isTrue();
        assertThat(own.dmaWriteAs(0x0142, 0x9000_0004L, 4, 1)).isTrue(); // a forged 16-bit ID, mapped as any
        assertThat(probe.requester(0)).isEqualTo(0x5_0000_1000L);
        assertThat(probe.requester(1)).isEqualTo(0x5_0000_1420L);
        // The default map keeps x86's layout: segment [31:16], the 16-bit requester ID [15:0].
        assertThat(m.segment.requesters().requester(0x0142)).isEqualTo(0x0142);
        assertThat(RequesterMap.pci(3).requester(0x0142)).isEqualTo(0x3_0142);
        assertThatThrownBy(() -> new PciSegment(1, m.bus, 0xd000_0000L, 1, null, null))
            .hasMessageContaining("requesters");
    }
}
