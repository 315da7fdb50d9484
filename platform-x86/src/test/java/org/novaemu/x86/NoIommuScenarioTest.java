// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.devices.DmaEngine;
import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.irq.IrqLine;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.RootImage;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.pci.PciFunction;
import org.novaemu.pci.Topology;

/**
 * A machine without an IOMMU (decision X30) end to end: devices' DMA reaches physical memory as it is, the
 * MSI pair assign_int returns goes straight to the local APIC and signals the semaphore, and an I/O APIC level
 * pin in compatibility format comes again after each down while its line is high. The devices are driven
 * through their registers as a driver would.
 */
class NoIommuScenarioTest
{
    private static final long DC_A = 30;
    private static final long SM_A = 31;
    private static final long PIN_SM = 32;
    private static final int GSI_A = 40;
    private static final int PIN_GSI = 3;

    private final PciFunction[] devices = new PciFunction[2];

    private X86Machine machine(final boolean dmaEngine)
    {
        return X86Machine.builder().cpus(2).iommu(false).pcie((t, e) -> {
            final Topology.Downstream port = t.root().rootPort();
            devices[0] = port.add(dmaEngine ? new DmaEngine("dma", e, 8) : new MultiQueueDevice("a", 4, e));
            devices[1] = port.add(new MultiQueueDevice("b", 4, e));
        }).build();
    }

    @Test
    void aDevicesDmaAddressesArePhysicalAddresses()
    {
        final X86Machine m = machine(true);
        final DmaEngine dma = (DmaEngine) devices[0];
        m.bus().memory().write64(0x8000_0000L, 0x1122_3344_5566_7788L);
        PciDriver.enable(m, dma);
        final long regs = dma.barAddress(0);
        m.bus().write(regs + DmaEngine.Register.SOURCE.offset(), 8, 0x8000_0000L);
        m.bus().write(regs + DmaEngine.Register.DESTINATION.offset(), 8, 0x8000_0800L);
        m.bus().write(regs + DmaEngine.Register.LENGTH.offset(), 4, 8);
        m.bus().write(regs + DmaEngine.Register.GO.offset(), 4, 1);
        m.engine().runFor(10_000);
        assertThat(m.bus().read(regs + DmaEngine.Register.STATUS.offset(), 4)).isEqualTo(DmaEngine.DONE);
        assertThat(m.bus().memory().read64(0x8000_0800L)).isEqualTo(0x1122_3344_5566_7788L);
        assertThat(m.bus().dmaFaults()).isZero();
        // Nothing stands between a device and any RAM, the kernel's own memory included, as without VT-d.
        assertThat(m.bus().dmaWrite(dma.requesterId(), X86Machine.KERNEL_MEMORY + 0x10_0000L, 8, 0x5a5a)).isTrue();
        assertThat(m.bus().memory().read64(X86Machine.KERNEL_MEMORY + 0x10_0000L)).isEqualTo(0x5a5a);
    }

    @Test
    void theReturnedMsiPairSignalsTheSemaphoreFromAnyDeviceUntilTheDetachEmptiesTheSlot()
    {
        final X86Machine m = machine(false);
        final MultiQueueDevice a = (MultiQueueDevice) devices[0];
        final MultiQueueDevice b = (MultiQueueDevice) devices[1];
        Script.ok(m.kernel(), u -> Calls.createDc(u, DC_A, Kernel.ROOT_PD, a.requesterId(), 0, 0));
        Script.ok(m.kernel(), u -> Calls.createInterruptSm(u, SM_A, Kernel.ROOT_PD, GSI_A));
        final Ec root = m.kernel().rootEc();
        Calls.assignInt(root, SM_A, DC_A, true, 1, 0, 0);
        assertThat(m.kernel().hypercall(root)).isEqualTo(Status.SUCCESS);
        final long address = root.param(1);
        final long data = root.param(2);
        PciDriver.msix(m, a, 0, address, data);
        PciDriver.msix(m, b, 0, address, data);
        final Sm sm = (Sm) m.kernel().root().obj().object(SM_A);

        a.raise(0);
        m.engine().runFor(10_000);
        assertThat(sm.counter()).isEqualTo(1);
        assertThat(m.platform().interrupts().taken()).isEqualTo(1);

        // No remapping, no source-ID validation: B's copy of the pair reaches the same semaphore.
        b.raise(0);
        m.engine().runFor(10_000);
        assertThat(sm.counter()).isEqualTo(2);

        // A detach empties the slot, but nothing can stop the message the device holds: it is spurious now.
        Script.ok(m.kernel(), u -> Calls.assignInt(u, SM_A, 999, false, 1, 0, 0));
        final long spurious = m.platform().interrupts().spurious();
        a.raise(0);
        m.engine().runFor(10_000);
        assertThat(sm.counter()).isEqualTo(2);
        assertThat(m.platform().interrupts().spurious()).isEqualTo(spurious + 1);
    }

    @Test
    void aLevelPinComesAgainAfterEachDownWhileHighAndIsQuietOnceLow()
    {
        final X86Machine m = X86Machine.builder().cpus(2).iommu(false).build();
        final IrqLine line = new IrqLine("gsi3", PIN_GSI, m.engine().trace());
        m.ioapic().connect(line, PIN_GSI);
        final List<String> log = new ArrayList<>();
        // The root: a level pin's semaphore on CPU 0's slot 7, then a down on it after each wake.
        final Program root = Program.relocated(RootImage.ENTRY, u -> {
            switch ((int) u.ip())
            {
                case 0 -> Calls.createInterruptSm(u, PIN_SM, Kernel.ROOT_PD, PIN_GSI);
                case 1 -> Calls.assignInt(u, PIN_SM, 999, true, 0, 7, 2);
                default ->
                {
                    log.add((u.ip() == 2 ? "assign " : "pin ") + Calls.status(u));
                    Calls.down(u, PIN_SM, false, 0);
                }
            }
            u.setIp(Math.min(u.ip() + 1, 3));
            return Program.HYPERCALL;
        });
        m.kernel().start(root);
        m.engine().runUntil(100_000);
        assertThat(log).containsExactly("assign SUCCESS");
        m.engine().post(200_000, arg -> line.raise(), 0);
        m.engine().runUntil(300_000);
        assertThat(log.stream().filter(s -> s.equals("pin SUCCESS")).count()).isGreaterThanOrEqualTo(2);
        m.engine().post(400_000, arg -> line.lower(), 0);
        m.engine().runUntil(500_000);
        final long pins = log.size();
        m.engine().runUntil(2_000_000);
        assertThat(log).hasSize((int) pins);
    }
}
