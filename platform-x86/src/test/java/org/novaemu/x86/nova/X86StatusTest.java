// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Status;
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
    private static final long WEAK_PD = CHILD + 100;
    private static final long DC_NO_ASSIGN_INT = 32;
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

    /** The objects the assign_dev and assign_int tests work on. */
    private void devicesAndSemaphores()
    {
        Script.ok(kernel, u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, X86Machine.VTD_BASE, 0));
        Script.ok(kernel, u -> Calls.createDc(u, DC_OTHER_UNIT, Kernel.ROOT_PD, DEVICE, 0xfed9_1000L, 0));
        Script.ok(kernel, u -> Calls.createDc(u, DC_OTHER_SEGMENT, Kernel.ROOT_PD, 1L << 16 | DEVICE,
            X86Machine.VTD_BASE, 0));
        Script.ok(kernel, u -> Calls.createInterruptSm(u, SM_MSI, Kernel.ROOT_PD, 40));
        Script.ok(kernel, u -> Calls.createInterruptSm(u, SM_MSI_2, Kernel.ROOT_PD, 41));
        Script.ok(kernel, u -> Calls.createInterruptSm(u, SM_PIN, Kernel.ROOT_PD, 5));
        Script.ok(kernel, u -> Calls.createSm(u, SM_PLAIN, Kernel.ROOT_PD, 0));
        Script.ok(kernel, u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, SM_MSI, 0, SM_WEAK,
            Perm.SM_CTRLUP | Perm.SM_CTRLDN, 0));
        Script.ok(kernel, u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, DC, 0, DC_WEAK, Perm.DC_ASSIGN_INT,
            0));
        Script.ok(kernel, u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, DC, 0, DC_NO_ASSIGN_INT,
            Perm.DC_ASSIGN_DEV, 0));
        Script.ok(kernel, u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, HOST, 0x3f,
            0));
        Script.ok(kernel, u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        Script.ok(kernel, u -> Calls.createPd(u, CHILD, Kind.PD.op(), Kernel.ROOT_PD));
        Script.ok(kernel, u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, CHILD, 0, WEAK_PD,
            Perm.PD_PD | Perm.PD_SM, 0));
    }

    @Test
    void createDcRecordsAnyDtdForAnOwnerWithDcPermission()
    {
        assertThat(call(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, X86Machine.VTD_BASE, 0)))
            .isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createDc(u, 40, Kernel.ROOT_PD, 0xffff_ffffL, 0x123, 7)))
            .isEqualTo(Status.SUCCESS); // any DTD: assign_dev and assign_int judge it
    }

    static Stream<Arguments> createDcFailures()
    {
        return Stream.of(
            Arguments.of("an occupied selector", DC, Kernel.ROOT_PD, Status.BAD_CAP),
            Arguments.of("an owner without DC permission", 40L, WEAK_PD, Status.BAD_CAP),
            Arguments.of("no owner", 40L, NULL, Status.BAD_CAP));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("createDcFailures")
    void createDcFailsAndChangesNothing(final String what, final long sel, final long pd, final Status status)
    {
        devicesAndSemaphores();
        final Object before = kernel.root().obj().object(sel);
        assertThat(call(u -> Calls.createDc(u, sel, pd, DEVICE, X86Machine.VTD_BASE, 0))).as(what).isEqualTo(status);
        assertThat(kernel.root().obj().object(sel)).isSameAs(before);
    }

    @Test
    void createSmWithIBindsASemaphoreToASegmentAndGsi()
    {
        assertThat(call(u -> Calls.createInterruptSm(u, SM_MSI, Kernel.ROOT_PD, GSIS - 1))).isEqualTo(Status.SUCCESS);
        assertThat(((org.novaemu.kernel.Sm) kernel.root().obj().object(SM_MSI)).isd()).isEqualTo(GSIS - 1);
    }

    static Stream<Arguments> createSmWithIFailures()
    {
        return Stream.of(
            Arguments.of("a GSI at GSI_NUM", 41L, Kernel.ROOT_PD, (long) GSIS, Status.BAD_PAR),
            Arguments.of("a segment without a unit", 41L, Kernel.ROOT_PD, 1L << 16 | 30, Status.BAD_PAR),
            Arguments.of("a reserved ISD bit 32 set (X25)", 41L, Kernel.ROOT_PD, 1L << 32 | 30, Status.BAD_PAR),
            Arguments.of("a reserved ISD bit 63 set (X25)", 41L, Kernel.ROOT_PD, 1L << 63 | 30, Status.BAD_PAR),
            Arguments.of("an owner without DC permission", 41L, WEAK_PD, 30L, Status.BAD_CAP),
            Arguments.of("an occupied selector", SM_MSI, Kernel.ROOT_PD, 30L, Status.BAD_CAP));
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("createSmWithIFailures")
    void createSmWithIFailsAndChangesNothing(final String what, final long sel, final long pd, final long isd,
                                            final Status status)
    {
        devicesAndSemaphores();
        final Object before = kernel.root().obj().object(sel);
        assertThat(call(u -> Calls.createInterruptSm(u, sel, pd, isd))).as(what).isEqualTo(status);
        assertThat(kernel.root().obj().object(sel)).isSameAs(before);
    }

    static Stream<Arguments> assignDevFailures()
    {
        return Stream.of(
            Arguments.of("a DC of another unit", DC_OTHER_UNIT, DMA, Status.BAD_DEV),
            Arguments.of("a DC of a segment without a unit at that address", DC_OTHER_SEGMENT, DMA, Status.BAD_DEV),
            Arguments.of("a DC without ASSIGN_DEV", DC_WEAK, DMA, Status.BAD_CAP),
            Arguments.of("a host space for the DMA space", DC, HOST, Status.BAD_CAP),
            Arguments.of("no DC", NULL, DMA, Status.BAD_CAP));
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("assignDevFailures")
    void assignDevFailsAndWritesNoContextEntry(final String what, final long dc, final long dma, final Status status)
    {
        devicesAndSemaphores();
        final long root0 = m.bus().memory().read64(X86Machine.TABLES);
        assertThat(call(u -> Calls.assignDev(u, dc, dma))).as(what).isEqualTo(status);
        assertThat(m.bus().memory().read64(X86Machine.TABLES + 16)).isZero(); // bus 1's root entry
        assertThat(m.bus().memory().read64(X86Machine.TABLES)).isEqualTo(root0);
    }

    @Test
    void assignDevPointsTheDevicesBusAtAContextTableAndMayBeRepeated()
    {
        devicesAndSemaphores();
        assertThat(call(u -> Calls.assignDev(u, DC, DMA))).isEqualTo(Status.SUCCESS);
        assertThat(m.bus().memory().read64(X86Machine.TABLES + 16) & 1).isEqualTo(1); // bus 1 present
        assertThat(call(u -> Calls.assignDev(u, DC, DMA))).isEqualTo(Status.SUCCESS);
    }

    /** Each failure of assign_int, in the order the kernel checks: the CPU, the capabilities, then x86's. */
    static Stream<Arguments> assignIntFailures()
    {
        return Stream.of(
            Arguments.of("a CPU beyond the machine", SM_MSI, DC, true, 2, 0, 0, Status.BAD_CPU),
            Arguments.of("no semaphore", NULL, DC, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a regular semaphore", SM_PLAIN, DC, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a semaphore without ASSIGN", SM_WEAK, DC, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a DC without ASSIGN_INT", SM_MSI, DC_NO_ASSIGN_INT, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a semaphore for the DC", SM_MSI, SM_PIN, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("an MSI without a DC", SM_MSI, NULL, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a pin with a DC", SM_PIN, DC, true, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a detach naming a DC", SM_MSI, DC, false, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a slot at VEC_NUM", SM_MSI, DC, true, 0, Vectors.SLOTS, 0, Status.BAD_PAR),
            Arguments.of("a configuration for an MSI", SM_MSI, DC, true, 0, 0, 1, Status.BAD_PAR),
            Arguments.of("a trigger mode for an MSI (X25)", SM_MSI, DC, true, 0, 0, 2, Status.BAD_PAR),
            Arguments.of("a polarity for an MSI (X25)", SM_MSI, DC, true, 0, 0, 4, Status.BAD_PAR),
            Arguments.of("G for a pin", SM_PIN, NULL, true, 0, 0, 8, Status.BAD_PAR),
            Arguments.of("a DC of another unit", SM_MSI, DC_OTHER_UNIT, true, 0, 0, 0, Status.BAD_DEV));
    }

    @ParameterizedTest(name = "{0}: {7}")
    @MethodSource("assignIntFailures")
    void assignIntFailsInTheKernelsOrderAndChangesNothing(final String what, final long sm, final long dc,
                                                          final boolean attach, final int cpu, final int idx,
                                                          final int cfg, final Status status)
    {
        devicesAndSemaphores();
        assertThat(call(u -> Calls.assignInt(u, sm, dc, attach, cpu, idx, cfg))).as(what).isEqualTo(status);
        assertThat(irte(40)).isZero();
        assertThat(irte(5)).isZero();
        assertThat(((org.novaemu.kernel.Sm) kernel.root().obj().object(SM_MSI)).routedCpu()).isEqualTo(-1);
        assertThat(((org.novaemu.kernel.Sm) kernel.root().obj().object(SM_PIN)).routedCpu()).isEqualTo(-1);
        assertThat(root.param(1)).as("no outputs on failure: the inputs stay").isEqualTo(dc);
        assertThat(root.param(2)).isEqualTo((long) idx << 32 | (long) cpu << 16 | cfg);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI_2, DC, true, 0, 0, 0))).as("slot 0:0 is still free")
            .isEqualTo(Status.SUCCESS);
    }

    @Test
    void anAttachWritesTheIrteAndReturnsTheRemappableMsi()
    {
        devicesAndSemaphores();
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, true, 1, 3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(root.param(1)).isEqualTo(0xfee0_0018L);
        assertThat(root.param(2)).isEqualTo(40);
        assertThat(irte(40) & 1).isEqualTo(1);
        assertThat(irte(40) >>> 16 & 0xff).isEqualTo(Vectors.VEC_GSI + 3);
        assertThat(irte(40) >>> 32).isEqualTo(1); // CPU 1's x2APIC ID
    }

    @Test
    void aSlotAnotherSemaphoreHoldsIsAbortedAndItsIrteStaysEmpty()
    {
        devicesAndSemaphores();
        Script.ok(kernel, u -> Calls.assignInt(u, SM_MSI, DC, true, 1, 3, 0));
        assertThat(call(u -> Calls.assignInt(u, SM_MSI_2, DC, true, 1, 3, 0))).isEqualTo(Status.ABORTED);
        assertThat(irte(41)).isZero();
    }

    @Test
    void attachingAgainToTheSameSlotSucceeds()
    {
        devicesAndSemaphores();
        Script.ok(kernel, u -> Calls.assignInt(u, SM_MSI, DC, true, 1, 3, 0));
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, true, 1, 3, 0))).isEqualTo(Status.SUCCESS);
    }

    @Test
    void aPinTakesMaskedLevelAndActiveLow()
    {
        devicesAndSemaphores();
        assertThat(call(u -> Calls.assignInt(u, SM_PIN, NULL, true, 0, 4, 7))).isEqualTo(Status.SUCCESS);
        assertThat(root.param(1)).isZero(); // no MSI pair for a pin
        assertThat(m.ioapic().entry(5) & org.novaemu.x86.ioapic.IoApic.RTE_MASKED).isNotZero();
        assertThat(m.ioapic().entry(5) & org.novaemu.x86.ioapic.IoApic.RTE_LEVEL).isNotZero();
        assertThat(m.ioapic().entry(5) & org.novaemu.x86.ioapic.IoApic.RTE_ACTIVE_LOW).isNotZero();
    }

    @Test
    void aDetachNamesTheSlotTheSemaphoreHolds()
    {
        devicesAndSemaphores();
        Script.ok(kernel, u -> Calls.assignInt(u, SM_MSI, DC, true, 1, 3, 0));
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, NULL, false, 1, 4, 0))).isEqualTo(Status.ABORTED);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, NULL, false, 1, 3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, NULL, false, 1, 3, 0))).isEqualTo(Status.ABORTED);
    }

    @Test
    void aSecondAttachMovesTheSemaphoreAndItsIrteAndFreesTheOldSlot()
    {
        devicesAndSemaphores();
        Script.ok(kernel, u -> Calls.assignInt(u, SM_MSI, DC, true, 1, 3, 0));
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
        assertThat(m.platform().smmu().unit(0).lastFault()[1] >>> 32 & 0xff)
            .isEqualTo(org.novaemu.x86.vtd.Vtd.FR_IR_NOT_PRESENT);
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
