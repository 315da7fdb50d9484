// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.pcie.IdMap;
import org.novaemu.arm.pcie.IdMapping;
import org.novaemu.arm.pcie.RootComplex;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.RecordingMmio;
import org.novaemu.bus.RequesterId;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.devices.PinDevice;
import org.novaemu.pci.Header;
import org.novaemu.pci.MsiCapability;
import org.novaemu.pci.PciFunction;
import org.novaemu.pci.Topology;

/**
 * PCI Express on the Arm machine (A120-A126): ECAM enumeration of what the builder populated, BARs in QEMU
 * virt's windows, INTx on SPIs with the swizzle, the DeviceID and StreamID a function's DMA and MSIs carry,
 * several segments, and the builder's refusals.
 */
class ArmPcieTest
{
    /** A free place on the Arm map for a region that records what devices write to it. */
    private static final long PROBE = 0x0a00_0000L;

    private static long config(final ArmMachine m, final int s, final int bdf, final Header reg)
    {
        return m.bus().read(ArmMachine.ecam(s) + ((long) bdf << 12) + reg.offset(), reg == Header.VENDOR_ID
            || reg == Header.COMMAND ? 2 : reg == Header.BAR0 ? 4 : 1);
    }

    /** Walks the segment's ECAM from bus 0 as enumeration does, following the bridges' secondary buses. */
    private static void scan(final ArmMachine m, final int s, final int bus, final List<String> found)
    {
        for (int dev = 0; dev < 32; dev++)
        {
            for (int fn = 0; fn < 8; fn++)
            {
                final int bdf = bus << 8 | dev << 3 | fn;
                if (config(m, s, bdf, Header.VENDOR_ID) == 0xffff)
                {
                    if (fn == 0)
                    {
                        break;
                    }
                    continue;
                }
                found.add(String.format("%02x:%02x.%d", bus, dev, fn));
                final long type = config(m, s, bdf, Header.HEADER_TYPE);
                if ((type & 0x7f) == 1)
                {
                    scan(m, s, (int) config(m, s, bdf, Header.SECONDARY_BUS), found);
                }
                if (fn == 0 && (type & 0x80) == 0)
                {
                    break;
                }
            }
        }
    }

    /** Two NICs behind root port 00:01.0; a switch behind 00:02.0 with a pin device below each of its two ports. */
    private static ArmMachine topology(final MultiQueueDevice[] nic, final PinDevice[] pin)
    {
        return ArmMachine.builder().cpus(2).pcie((t, e) -> {
            final Topology.Downstream port = t.root().rootPort();
            nic[0] = port.add(new MultiQueueDevice("nic0", 4, e));
            nic[1] = port.add(new MultiQueueDevice("nic1", 4, e));
            final Topology.Downstream[] down = t.root().rootPort().pcieSwitch(2);
            pin[0] = down[0].add(new PinDevice("pin0"));
            pin[1] = down[1].add(new PinDevice("pin1"));
            pin[2] = t.root().add(new PinDevice("pin2")); // 00:03.0, on the root bus
        }).build();
    }

    @Test
    void ecamAtQemuVirtsHighEcamEnumeratesARootPortWithDevicesAndASwitch()
    {
        final MultiQueueDevice[] nic = new MultiQueueDevice[2];
        final PinDevice[] pin = new PinDevice[3];
        final ArmMachine m = topology(nic, pin);
        assertThat(ArmMachine.ecam(0)).isEqualTo(0x40_1000_0000L);
        final List<String> found = new ArrayList<>();
        scan(m, 0, 0, found);
        assertThat(found).containsExactly("00:00.0", "00:01.0", "01:00.0", "01:00.1", "00:02.0", "02:00.0",
            "03:00.0", "04:00.0", "03:01.0", "05:00.0", "00:03.0");
        assertThat(config(m, 0, 0x0100, Header.VENDOR_ID)).isEqualTo(MultiQueueDevice.VENDOR);
        assertThat(config(m, 0, 0x0200, Header.SECONDARY_BUS)).as("the switch's internal bus").isEqualTo(3);
        assertThat(config(m, 0, 0x0010, Header.SUBORDINATE_BUS)).isEqualTo(5);
        assertThat(nic[1].bdf()).isEqualTo(0x0101);
        assertThat(pin[1].bdf()).isEqualTo(0x0500);
        assertThat(m.bus().read(ArmMachine.ecam(0) + (6L << 20), 4)).as("a bus nobody numbered")
            .isEqualTo(0xffff_ffffL);
    }

    @Test
    void firmwareAssignsBarsFromQemuVirtsWindowsWithMemoryDecodingOnAndBusMasteringOff()
    {
        final MultiQueueDevice[] nic = new MultiQueueDevice[2];
        final PinDevice[] pin = new PinDevice[3];
        final ArmMachine m = topology(nic, pin);
        for (final MultiQueueDevice n : nic)
        {
            assertThat(n.barAddress(0)).isBetween(0x80_0000_0000L, 0x80_0000_0000L + ArmMachine.MMIO64_SIZE - 1);
            assertThat(m.bus().read(n.barAddress(0) + MultiQueueDevice.Register.QUEUES.offset(), 4)).isEqualTo(4);
        }
        assertThat(nic[0].barAddress(0)).isEqualTo(ArmMachine.MMIO64_BASE);
        for (final PinDevice p : pin)
        {
            assertThat(p.barAddress(0)).isBetween(0x1000_0000L, 0x3eff_0000L - 16);
            assertThat(config(m, 0, p.bdf(), Header.BAR0)).isEqualTo(p.barAddress(0));
            assertThat(config(m, 0, p.bdf(), Header.COMMAND) & 7).isEqualTo(Header.COMMAND_MEMORY);
        }
        pin[0].assertPin();
        assertThat(m.bus().read(pin[0].barAddress(0), 4)).isEqualTo(1);
        m.bus().write(pin[0].barAddress(0), 4, 0); // the driver's acknowledgement
        assertThat(pin[0].asserted()).isFalse();
    }

    @Test
    void intxReachesSegmentZerosSpisThirtyFiveToThirtyEightWithTheSwizzleAsAWiredOr()
    {
        final MultiQueueDevice[] nic = new MultiQueueDevice[2];
        final PinDevice[] pin = new PinDevice[3];
        final ArmMachine m = topology(nic, pin);
        // 04:00.0 INTA#: INTA# at downstream port 03:00.0, at the upstream port, at root port 00:02.0: wire 2.
        // 05:00.0 INTA#: INTB# at the upstream port (downstream port 03:01.0 is device 1): wire (2 + 2 - 1) mod 4.
        // 00:03.0 INTA#: wire (3 + 1 - 1) mod 4, the same wire.
        assertThat(ArmMachine.intx(0, 2, 1)).isEqualTo(37);
        assertThat(ArmMachine.intx(0, 2, 2)).isEqualTo(38);
        assertThat(ArmMachine.intx(0, 3, 1)).isEqualTo(38);
        pin[0].assertPin();
        assertThat(m.spi(37).level()).isTrue();
        assertThat(m.spi(38).level()).isFalse();
        pin[1].assertPin();
        pin[2].assertPin();
        assertThat(m.spi(38).level()).isTrue();
        m.bus().write(pin[1].barAddress(0), 4, 0);
        assertThat(m.spi(38).level()).as("pin2 still holds the shared wire").isTrue();
        m.bus().write(pin[2].barAddress(0), 4, 0);
        assertThat(m.spi(38).level()).isFalse();
        assertThat(m.spi(37).level()).isTrue();
        assertThat(m.spi(35).level()).isFalse();
        assertThat(m.spi(36).level()).isFalse();
    }

    @Test
    void theRequesterIdsOfAFunctionsDmaAndMsisAreItsDeviceIdAndStreamIdThroughTheMaps()
    {
        final PciFunction[] f = new PciFunction[3];
        final MsiCapability[] msi = new MsiCapability[1];
        // msi-map: DeviceID = 0x10_0000 + RID; iommu-map: the high bus bit flipped (pci-iommu.txt, example 3).
        final IdMap flipped = IdMap.of(new IdMapping(0x8000, 0x8000, 0), new IdMapping(0, 0x8000, 0x8000));
        final ArmMachine m = ArmMachine.builder().msiMap(0, IdMap.linear(0x10_0000)).iommuMap(0, flipped)
            .pcie((t, e) -> {
                f[0] = t.root().rootPort().add(new PciFunction("msi", 0x1b36, 1, 0xff0000, false, 0));
                msi[0] = f[0].capability(new MsiCapability(1, false, false));
                final Topology.Downstream pci = t.root().rootPort().pcieToPciBridge();
                f[1] = pci.add(new PciFunction("legacy0", 0x1b36, 2, 0xff0000, false, 0));
                f[2] = pci.add(new PciFunction("legacy1", 0x1b36, 2, 0xff0000, false, 0));
            }).build();
        final RecordingMmio probe = new RecordingMmio(8);
        m.bus().mapMmio("probe", PROBE, 0x1000, probe, AccessRule.DWORD);
        final RootComplex rc = m.rootComplex(0);
        assertThat(rc.deviceId(0x0100)).isEqualTo(0x10_0100);
        assertThat(rc.streamId(0x0100)).isEqualTo(0x8100);
        final long own = RequesterId.arm(0x8100, 0x10_0100);
        assertThat(f[0].requesterId()).isEqualTo(own).isEqualTo(rc.requester(0x0100));
        // Behind the PCI Express to PCI bridge (02:00.0, below root port 00:02.0) both carry its alias 03:00.0 (P7).
        assertThat(f[2].bdf()).isEqualTo(0x0301);
        assertThat(f[2].requesterId()).isEqualTo(f[1].requesterId()).isEqualTo(RequesterId.arm(0x8300, 0x10_0300));

        final int bdf = f[0].bdf();
        final long cfg = ArmMachine.ecam(0) + ((long) bdf << 12);
        final int cap = msi[0].offset();
        m.bus().write(cfg + cap + 4, 4, PROBE + 0x40); // as a driver programs MSI
        m.bus().write(cfg + cap + 8, 2, 0x1234);
        m.bus().write(cfg + cap + 2, 2, MsiCapability.ENABLE);
        m.bus().write(cfg + Header.COMMAND.offset(), 2, Header.COMMAND_BUS_MASTER);
        assertThat(f[0].dmaWrite(PROBE + 8, 4, 0xcafe)).isTrue();
        assertThat(msi[0].signal(0)).isTrue();
        assertThat(f[0].dmaWriteAs(0x0155, PROBE + 0x10, 4, 1)).isTrue(); // a forged ID maps as the function's own
        assertThat(probe.count()).isEqualTo(3);
        assertThat(probe.requester(0)).isEqualTo(own);
        assertThat(probe.offset(1)).isEqualTo(0x40);
        assertThat(probe.value(1)).isEqualTo(0x1234);
        assertThat(probe.requester(1)).isEqualTo(own);
        assertThat(RequesterId.deviceId(probe.requester(1))).isEqualTo(0x10_0100);
        assertThat(RequesterId.streamId(probe.requester(1))).isEqualTo(0x8100);
        assertThat(probe.requester(2)).isEqualTo(RequesterId.arm(0x8155, 0x10_0155));
    }

    @Test
    void withoutAnItsOrSmmuDmaIsUntranslatedAndAnMsiToGitsTranslaterReachesNothing()
    {
        final PciFunction[] f = new PciFunction[1];
        final ArmMachine m = ArmMachine.builder().its(false)
            .pcie((t, e) -> f[0] = t.root().rootPort().add(new PciFunction("dma", 0x1b36, 1, 0xff0000, false, 0)))
            .build();
        final MsiCapability msi = f[0].capability(new MsiCapability(1, false, false));
        final long cfg = ArmMachine.ecam(0) + ((long) f[0].bdf() << 12);
        m.bus().write(cfg + Header.COMMAND.offset(), 2, Header.COMMAND_BUS_MASTER);
        final long ram = ArmMachine.RAM_BASE + (64L << 20);
        assertThat(f[0].dmaWrite(ram, 8, 0x1122_3344_5566_7788L)).isTrue();
        assertThat(m.bus().read(ram, 8)).as("device address = physical address").isEqualTo(0x1122_3344_5566_7788L);
        // QEMU virt's GITS_TRANSLATER (ITS frame 0x0808_0000 + 64 KiB + 0x40): no ITS there (A125, A130).
        m.bus().write(cfg + msi.offset() + 4, 4, 0x0809_0040L);
        m.bus().write(cfg + msi.offset() + 2, 2, MsiCapability.ENABLE);
        final long bad = m.bus().badAccesses();
        assertThat(msi.signal(0)).isFalse();
        assertThat(m.bus().badAccesses()).isEqualTo(bad + 1);
    }

    @Test
    void severalSegmentsEachWithItsEcamWindowsSpisAndIds()
    {
        final PinDevice[] pin = new PinDevice[1];
        final MultiQueueDevice[] nic = new MultiQueueDevice[2];
        final ArmMachine m = ArmMachine.builder().segments(3)
            .pcie(1, (t, e) -> {
                final Topology.Downstream port = t.root().rootPort();
                pin[0] = port.add(new PinDevice("pin"));
                nic[0] = port.add(new MultiQueueDevice("nic1", 2, e));
            })
            .pcie(2, (t, e) -> nic[1] = t.root().rootPort().add(new MultiQueueDevice("nic2", 2, e)))
            .build();
        assertThat(m.segments()).isEqualTo(3);
        assertThat(m.segment(0).functions()).hasSize(1); // its host bridge only
        assertThat(m.segment(2).ecamBase()).isEqualTo(ArmMachine.ECAM_BASE + (2L << 28));
        assertThat(m.bus().read(ArmMachine.ecam(1) + (0x0101L << 12), 2)).isEqualTo(MultiQueueDevice.VENDOR);
        assertThat(m.bus().read(ArmMachine.ecam(0) + (0x0100L << 12), 2)).as("not on segment 0").isEqualTo(0xffff);
        assertThat(pin[0].barAddress(0)).isBetween(0xc000_0000L, 0xc400_0000L - 16);
        assertThat(nic[0].barAddress(0)).isEqualTo(ArmMachine.MMIO64_BASE + ArmMachine.MMIO64_SIZE);
        assertThat(nic[1].barAddress(0)).isEqualTo(ArmMachine.mmio64(2)).isEqualTo(0x88_0000_0000L);
        assertThat(nic[1].requesterId()).isEqualTo(RequesterId.arm(0x2_0100, 0x2_0100));
        assertThat(m.rootComplex(1).deviceId(0x0100)).isEqualTo(0x1_0100);
        assertThat(pin[0].requesterId()).isEqualTo(RequesterId.arm(0x1_0100, 0x1_0100));
        // Segment 1's wires are INTIDs 208 to 211: 01:00.0's INTA# arrives at root port 00:01.0, wire 1.
        assertThat(ArmMachine.intx(1, 1, 1)).isEqualTo(209);
        pin[0].assertPin();
        assertThat(m.spi(209).level()).isTrue();
        assertThat(m.spi(36).level()).as("segment 0's wire of the same device and pin").isFalse();
    }

    @Test
    void theBuilderNamesWhatItRefuses()
    {
        assertThatThrownBy(() -> ArmMachine.builder().segments(17)).hasMessageContaining("segments");
        assertThatThrownBy(() -> ArmMachine.builder().pcie(1, (t, e) -> { }).build()).hasMessageContaining("pcie");
        assertThatThrownBy(() -> ArmMachine.builder().msiMap(16, IdMap.IDENTITY)).hasMessageContaining("segment");
        assertThatThrownBy(() -> ArmMachine.builder().msiMap(0, null)).hasMessageContaining("msiMap");
        assertThatThrownBy(() -> ArmMachine.builder().iommuMap(0, null)).hasMessageContaining("iommuMap");
        assertThatThrownBy(() -> ArmMachine.builder().msiMap(1, IdMap.IDENTITY).build())
            .hasMessageContaining("msiMap").hasMessageContaining("segment 1");
        assertThatThrownBy(() -> ArmMachine.builder().segments(2).iommuMap(2, IdMap.IDENTITY).build())
            .hasMessageContaining("iommuMap");
        final IdMap top = IdMap.linear(0xffff_0000);
        assertThatThrownBy(() -> ArmMachine.builder().msiMap(0, top).iommuMap(0, top).build())
            .as("RID 0xffff would carry the pair of a CPU access").hasMessageContaining("iommuMap");
        assertThat(ArmMachine.builder().msiMap(0, top).build().rootComplex(0).deviceId(0xffff)).isEqualTo(-1);
        assertThatThrownBy(() -> ArmMachine.builder().spis(32).segments(2)
            .pcie(1, (t, e) -> t.root().rootPort().add(new PinDevice("pin")))
            .build()).hasMessageContaining("spis");
        assertThatThrownBy(() -> ArmMachine.ecam(16)).hasMessageStartingWith("s ");
        assertThatThrownBy(() -> ArmMachine.intx(0, 0, 5)).hasMessageContaining("pin");
    }
}
