// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.novaemu.bus.RequesterId;
import org.novaemu.devices.DmaEngine;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.pci.PciFunction;

/**
 * A guest that writes nonsense: seeded random reads and writes of every size to the registers of the
 * VT-d unit, the I/O APIC, the devices' configuration spaces and BARs, and random messages from devices.
 * The models answer architecturally (errors, faults, ignored writes), never with a Java exception, and the
 * machine keeps running.
 */
class NonsenseTest
{
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void randomRegisterTrafficNeverThrows(final long seed)
    {
        final PciFunction[] f = new PciFunction[2];
        final X86Machine m = X86Machine.builder().cpus(2).pcie((t, e) -> {
            f[0] = t.root().rootPort().add(new MultiQueueDevice("nic", 8, e));
            f[1] = t.root().rootPort().add(new DmaEngine("dma", e, 8));
        }).build();
        final long[] regions = {X86Machine.VTD_BASE, X86Machine.IOAPIC_BASE, PciDriver.config(f[0]),
            PciDriver.config(f[1]),
            f[0].barAddress(0), f[0].barAddress(2), f[1].barAddress(0)};
        final SplittableRandom r = new SplittableRandom(seed);
        final int[] sizes = {1, 2, 4, 8};
        for (int i = 0; i < 20_000; i++)
        {
            final long at = regions[r.nextInt(regions.length)] + r.nextInt(0x1000);
            final int size = sizes[r.nextInt(4)];
            final long a = at & -size; // naturally aligned, as CPUs issue them
            if (r.nextBoolean())
            {
                m.bus().write(a, size, r.nextLong());
            }
            else
            {
                m.bus().read(a, size);
            }
            if (i % 64 == 0)
            {
                // Devices send messages of their own, with any address and data, and DMA anywhere.
                m.bus().signalMessage(f[r.nextInt(2)].requesterId(), 0xfee0_0000L | r.nextInt(0x10_0000),
                    r.nextInt());
                m.bus().dmaWrite(RequesterId.pci(0, r.nextInt(4), r.nextInt(32), r.nextInt(8)),
                    r.nextLong(1L << 40), 8, r.nextLong());
                m.engine().runFor(1_000);
            }
        }
        m.engine().runFor(1_000_000);
        assertThat(m.engine().now()).isGreaterThanOrEqualTo(1_000_000);
    }
}
