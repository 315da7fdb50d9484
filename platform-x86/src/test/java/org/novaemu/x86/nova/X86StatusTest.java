// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Status;
import org.novaemu.x86.PciDriver;
import org.novaemu.x86.X86Machine;

/**
 * Every status that create_dc, create_sm with I=1, assign_dev and assign_int return on x86, and that a
 * failing call changes nothing: no capability, no IRTE, no context entry, no register output. The root
 * task's hypercalls run directly on its EC.
 */
class X86StatusTest
{
    private static final long DC = 20;
    private static final long DC_OTHER_UNIT = 21;
    private static final long DC_OTHER_SEGMENT = 22;
    private static final long SM_MSI = 23;
    private static final long SM_PIN = 24;
    private static final long SM_PLAIN = 25;
    private static final long DMA = 26;
    private static final long CHILD = 27;
    private static final long SM_MSI_2 = 28;
    private static final long SM_WEAK = 29;
    private static final long DC_WEAK = 30;
    private static final long HOST = 31;
    private static final long NULL = 999;
    private static final long DEVICE = 0x0100;
    private static final int GSIS = 64;

    private final X86Machine m = X86Machine.builder().cpus(2).gsis(GSIS).build();
    private final Kernel kernel = m.kernel();
    private final Ec root = kernel.rootEc();

    private Status call(final Consumer<Ec> setup)
    {
        return Script.direct(m.kernel(), setup);
    }

    private long irte(final int gsi)
    {
        return m.bus().memory().read64(X86Machine.TABLES + 0x1000 + 16L * gsi);
    }

    @Test
    void createDcAndCreateSmWithI()
    {
        // create_dc: any DTD is recorded; the owner needs DC permission; the selector must be free.
        assertThat(call(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, X86Machine.VTD_BASE, 0)))
            .isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, X86Machine.VTD_BASE, 0)))
            .isEqualTo(Status.BAD_CAP); // occupied
        assertThat(call(u -> Calls.createPd(u, CHILD, Kind.PD.op(), Kernel.ROOT_PD))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, CHILD, 0, CHILD + 100,
            Perm.PD_PD | Perm.PD_SM, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createDc(u, 40, CHILD + 100, DEVICE, X86Machine.VTD_BASE, 0)))
            .isEqualTo(Status.BAD_CAP); // no DC permission on the owner
        assertThat(call(u -> Calls.createDc(u, 40, NULL, DEVICE, X86Machine.VTD_BASE, 0))).isEqualTo(Status.BAD_CAP);
        assertThat(kernel.root().obj().object(40)).isNull();

        // create_sm with I=1: ISD = segment [31:16] (only 0), GSI [15:0] below GSI_NUM.
        assertThat(call(u -> Calls.createInterruptSm(u, SM_MSI, Kernel.ROOT_PD, GSIS - 1))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createInterruptSm(u, 41, Kernel.ROOT_PD, GSIS))).isEqualTo(Status.BAD_PAR);
        assertThat(call(u -> Calls.createInterruptSm(u, 41, Kernel.ROOT_PD, 1L << 16 | 30))).isEqualTo(Status.BAD_PAR);
        assertThat(call(u -> Calls.createInterruptSm(u, 41, CHILD + 100, 30))).isEqualTo(Status.BAD_CAP);
        assertThat(call(u -> Calls.createInterruptSm(u, SM_MSI, Kernel.ROOT_PD, 30))).isEqualTo(Status.BAD_CAP);
        assertThat(kernel.root().obj().object(41)).isNull();
    }

    @Test
    void assignDev()
    {
        assertThat(call(u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, HOST, 0x3f, 0)))
            .isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, X86Machine.VTD_BASE, 0)))
            .isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createDc(u, DC_OTHER_UNIT, Kernel.ROOT_PD, DEVICE, 0xfed9_1000L, 0)))
            .isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createDc(u, DC_OTHER_SEGMENT, Kernel.ROOT_PD, 1L << 16 | DEVICE,
            X86Machine.VTD_BASE, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, DC, 0, DC_WEAK, Perm.DC_ASSIGN_INT, 0)))
            .isEqualTo(Status.SUCCESS);
        final long context = m.bus().memory().read64(X86Machine.TABLES); // root entry of bus 1: not yet
        assertThat(call(u -> Calls.assignDev(u, DC_OTHER_UNIT, DMA))).isEqualTo(Status.BAD_DEV);
        assertThat(call(u -> Calls.assignDev(u, DC_OTHER_SEGMENT, DMA))).isEqualTo(Status.BAD_DEV);
        assertThat(call(u -> Calls.assignDev(u, DC_WEAK, DMA))).isEqualTo(Status.BAD_CAP);   // no ASSIGN_DEV
        assertThat(call(u -> Calls.assignDev(u, DC, HOST))).isEqualTo(Status.BAD_CAP);      // not a DMA space
        assertThat(call(u -> Calls.assignDev(u, NULL, DMA))).isEqualTo(Status.BAD_CAP);
        assertThat(m.bus().memory().read64(X86Machine.TABLES + 16)).isZero();              // nothing written
        assertThat(m.bus().memory().read64(X86Machine.TABLES)).isEqualTo(context);
        assertThat(call(u -> Calls.assignDev(u, DC, DMA))).isEqualTo(Status.SUCCESS);
        assertThat(m.bus().memory().read64(X86Machine.TABLES + 16) & 1).isEqualTo(1);      // bus 1 present
        assertThat(call(u -> Calls.assignDev(u, DC, DMA))).isEqualTo(Status.SUCCESS);      // again: no change
    }

    @Test
    void assignInt()
    {
        assertThat(call(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, X86Machine.VTD_BASE, 0)))
            .isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createDc(u, DC_OTHER_UNIT, Kernel.ROOT_PD, DEVICE, 0xfed9_1000L, 0)))
            .isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createInterruptSm(u, SM_MSI, Kernel.ROOT_PD, 40))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createInterruptSm(u, SM_MSI_2, Kernel.ROOT_PD, 41))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createInterruptSm(u, SM_PIN, Kernel.ROOT_PD, 5))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createSm(u, SM_PLAIN, Kernel.ROOT_PD, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, SM_MSI, 0, SM_WEAK,
            Perm.SM_CTRLUP | Perm.SM_CTRLDN, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, DC, 0, DC_WEAK, Perm.DC_ASSIGN_DEV, 0)))
            .isEqualTo(Status.SUCCESS);

        // Each failure, in the order the kernel checks: the CPU first, then capabilities, then the platform.
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, true, 2, 0, 0))).isEqualTo(Status.BAD_CPU);
        assertThat(call(u -> Calls.assignInt(u, NULL, DC, true, 0, 0, 0))).isEqualTo(Status.BAD_CAP);
        assertThat(call(u -> Calls.assignInt(u, SM_PLAIN, DC, true, 0, 0, 0))).isEqualTo(Status.BAD_CAP); // not I=1
        assertThat(call(u -> Calls.assignInt(u, SM_WEAK, DC, true, 0, 0, 0))).isEqualTo(Status.BAD_CAP);  // no ASSIGN
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC_WEAK, true, 0, 0, 0))).isEqualTo(Status.BAD_CAP);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, SM_PIN, true, 0, 0, 0))).isEqualTo(Status.BAD_CAP); // not a DC
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, NULL, true, 0, 0, 0))).isEqualTo(Status.BAD_CAP);   // MSI needs a DC
        assertThat(call(u -> Calls.assignInt(u, SM_PIN, DC, true, 0, 0, 0))).isEqualTo(Status.BAD_CAP);    // a pin has none
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, false, 0, 0, 0))).isEqualTo(Status.BAD_CAP);   // detach names none
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, true, 0, Vectors.SLOTS, 0))).isEqualTo(Status.BAD_PAR);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, true, 0, 0, 1))).isEqualTo(Status.BAD_PAR);   // cfg for an MSI
        assertThat(call(u -> Calls.assignInt(u, SM_PIN, NULL, true, 0, 0, 8))).isEqualTo(Status.BAD_PAR); // cfg bit 3
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC_OTHER_UNIT, true, 0, 0, 0))).isEqualTo(Status.BAD_DEV);
        assertThat(irte(40)).isZero();
        assertThat(root.param(1)).isEqualTo(DC_OTHER_UNIT); // no outputs on failure: the inputs stay
        assertThat(root.param(2)).isZero();

        // Success: the IRTE and the outputs; the slot is then taken for others (ABORTED), not for itself.
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, true, 1, 3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(root.param(1)).isEqualTo(0xfee0_0018L);
        assertThat(root.param(2)).isEqualTo(40);
        assertThat(irte(40) & 1).isEqualTo(1);
        assertThat(irte(40) >>> 16 & 0xff).isEqualTo(Vectors.VEC_GSI + 3);
        assertThat(irte(40) >>> 32).isEqualTo(1); // CPU 1's x2APIC ID
        assertThat(call(u -> Calls.assignInt(u, SM_MSI_2, DC, true, 1, 3, 0))).isEqualTo(Status.ABORTED);
        assertThat(irte(41)).isZero();
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, true, 1, 3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.assignInt(u, SM_PIN, NULL, true, 0, 4, 7))).isEqualTo(Status.SUCCESS); // masked, level, low
        // Detach: from the slot it holds; another slot is ABORTED.
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, NULL, false, 1, 4, 0))).isEqualTo(Status.ABORTED);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, NULL, false, 1, 3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, NULL, false, 1, 3, 0))).isEqualTo(Status.ABORTED);
        // A second attach moves the semaphore: its old slot is free for another, and its IRTE follows.
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, true, 1, 3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, true, 0, 9, 0))).isEqualTo(Status.SUCCESS);
        assertThat(irte(40) >>> 16 & 0xff).isEqualTo(Vectors.VEC_GSI + 9);
        assertThat(irte(40) >>> 32).isZero();
        assertThat(call(u -> Calls.assignInt(u, SM_MSI_2, DC, true, 1, 3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, NULL, false, 1, 3, 0))).isEqualTo(Status.ABORTED);
    }

    @Test
    void aDeadInterruptSemaphoreLeavesItsSlotAndItsIrte()
    {
        assertThat(call(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, X86Machine.VTD_BASE, 0)))
            .isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createInterruptSm(u, SM_MSI, Kernel.ROOT_PD, 40))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createInterruptSm(u, SM_MSI_2, Kernel.ROOT_PD, 41))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, true, 1, 3, 0))).isEqualTo(Status.SUCCESS);
        final long address = root.param(1);
        final long data = root.param(2);
        assertThat(irte(40) & 1).isEqualTo(1);
        // The last capability goes (a null capability delegated over it): the semaphore dies.
        assertThat(call(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, NULL, 0, SM_MSI, 0x1f, 0)))
            .isEqualTo(Status.SUCCESS);
        assertThat(kernel.root().obj().object(SM_MSI)).isNull();
        assertThat(irte(40) & 1).isZero();
        assertThat(call(u -> Calls.assignInt(u, SM_MSI_2, DC, true, 1, 3, 0))).isEqualTo(Status.SUCCESS); // slot free
        // The device's old message now finds no IRTE: a fault record, and no semaphore is signalled.
        m.bus().signalMessage(DEVICE, address, (int) data);
        m.engine().runFor(10_000);
        assertThat(m.vtd().faults()).isEqualTo(1);
        assertThat(m.platform().smmu().unit(0).lastFault()[1] >>> 32 & 0xff).isEqualTo(org.novaemu.x86.vtd.Vtd.FR_IR_NOT_PRESENT);
        assertThat(m.platform().interrupts().taken()).isZero();
    }

    @Test
    void twoSemaphoresOfOneGsiKeepTheirOwnSlotsAndTheLastAttachedHasTheIrte()
    {
        assertThat(call(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, X86Machine.VTD_BASE, 0)))
            .isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createInterruptSm(u, SM_MSI, Kernel.ROOT_PD, 40))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createInterruptSm(u, SM_MSI_2, Kernel.ROOT_PD, 40))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, true, 0, 5, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI_2, DC, true, 1, 7, 0))).isEqualTo(Status.SUCCESS);
        assertThat(irte(40) >>> 16 & 0xff).isEqualTo(Vectors.VEC_GSI + 7);
        // The first dies: its slot is free again, and the second's IRTE stays.
        assertThat(call(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, NULL, 0, SM_MSI, 0x1f, 0)))
            .isEqualTo(Status.SUCCESS);
        assertThat(irte(40) & 1).isEqualTo(1);
        assertThat(irte(40) >>> 32).isEqualTo(1);
        assertThat(call(u -> Calls.createInterruptSm(u, SM_PIN, Kernel.ROOT_PD, 41))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.assignInt(u, SM_PIN, DC, true, 0, 5, 0))).isEqualTo(Status.SUCCESS);
        // A detach stops the hardware that delivers to the detached semaphore: its messages then fault.
        assertThat(call(u -> Calls.assignInt(u, SM_MSI_2, NULL, false, 1, 7, 0))).isEqualTo(Status.SUCCESS);
        assertThat(irte(40) & 1).isZero();
        assertThat(irte(41) & 1).isEqualTo(1);
    }

    @Test
    void aDeadPinSemaphoreMasksItsPin()
    {
        assertThat(call(u -> Calls.createInterruptSm(u, SM_PIN, Kernel.ROOT_PD, 5))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.assignInt(u, SM_PIN, NULL, true, 0, 4, 2))).isEqualTo(Status.SUCCESS);
        assertThat(m.ioapic().entry(5) & org.novaemu.x86.ioapic.IoApic.RTE_MASKED).isZero();
        assertThat(call(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, NULL, 0, SM_PIN, 0x1f, 0)))
            .isEqualTo(Status.SUCCESS);
        assertThat(m.ioapic().entry(5) & org.novaemu.x86.ioapic.IoApic.RTE_MASKED).isNotZero();
        assertThat(irte(5) & 1).isZero();
    }

    @Test
    void theHardwareRecordNamesWhatIsWrong()
    {
        final X86Platform.Hardware ok = new X86Platform.Hardware(new org.novaemu.x86.apic.LocalApic[] {m.apic(0)},
            new org.novaemu.x86.vtd.Vtd[] {m.vtd()}, new long[] {X86Machine.VTD_BASE},
            new org.novaemu.x86.ioapic.IoApic[] {m.ioapic()}, new long[] {X86Machine.IOAPIC_BASE}, X86Machine.TABLES,
            64, X86Machine.KERNEL_MEMORY, 64L << 20);
        assertThat(ok.gsis()).isEqualTo(64);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new X86Platform.Hardware(ok.apics(), ok.vtds(),
            ok.vtdBases(), ok.ioapics(), ok.ioapicBases(), ok.tables(), 24, ok.kernelMemoryBase(),
            ok.kernelMemorySize())).hasMessageContaining("gsis");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new X86Platform.Hardware(ok.apics(), ok.vtds(),
            ok.vtdBases(), ok.ioapics(), ok.ioapicBases(), X86Machine.KERNEL_MEMORY, 64, ok.kernelMemoryBase(),
            ok.kernelMemorySize())).hasMessageContaining("overlap");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new X86Platform.Hardware(ok.apics(), ok.vtds(),
            new long[0], ok.ioapics(), ok.ioapicBases(), ok.tables(), 64, ok.kernelMemoryBase(),
            ok.kernelMemorySize())).hasMessageContaining("vtdBases");
    }
}
