// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.kernel.BootInfo;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Hip;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.apic.LocalApic;
import org.novaemu.x86.ioapic.IoApic;
import org.novaemu.x86.ioapic.RedirectionEntry;
import org.novaemu.x86.vtd.Vtd;

/**
 * NOVA on an x86 machine without an IOMMU (decision X30), at the hypercall level: the HIP reports no IOMMU and
 * no DMA spaces, create_pd of a DMA space is BAD_FTR, create_dc still records the DTD, assign_dev finds no DMA
 * space, and assign_int programs pins and MSIs in compatibility format, each failure changing nothing.
 */
class NoIommuStatusTest
{
    private static final long DC = 20;
    private static final long DC_NAMING_AN_IOMMU = 21;
    private static final long DC_OTHER_SEGMENT = 22;
    private static final long SM_MSI = 23;
    private static final long SM_PIN = 24;
    private static final long HOST = 25;
    private static final long SPACE = 26;
    private static final long NULL = 999;
    private static final long DEVICE = 0x0100;
    private static final int MSI_GSI = 40;
    private static final int PIN_GSI = 5;

    private final X86Machine m = X86Machine.builder().cpus(2).gsis(64).iommu(false).build();
    private final Kernel kernel = m.kernel();
    private final Ec root = kernel.rootEc();

    private Status call(final Consumer<Ec> setup)
    {
        return Script.direct(kernel, setup);
    }

    private Sm sm(final long sel)
    {
        return (Sm) kernel.root().obj().object(sel);
    }

    private void devicesAndSemaphores()
    {
        Script.ok(kernel, u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, 0, 0));
        Script.ok(kernel, u -> Calls.createDc(u, DC_NAMING_AN_IOMMU, Kernel.ROOT_PD, DEVICE, X86Machine.VTD_BASE, 0));
        Script.ok(kernel, u -> Calls.createDc(u, DC_OTHER_SEGMENT, Kernel.ROOT_PD, 1L << 16 | DEVICE, 0, 0));
        Script.ok(kernel, u -> Calls.createInterruptSm(u, SM_MSI, Kernel.ROOT_PD, MSI_GSI));
        Script.ok(kernel, u -> Calls.createInterruptSm(u, SM_PIN, Kernel.ROOT_PD, PIN_GSI));
        Script.ok(kernel, u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, HOST, 0x3f,
            0));
    }

    @Test
    void theHipReportsNeitherTheIommuNorDmaSpacesAndKeepsItsInterrupts()
    {
        final Hip hip = kernel.hip();
        assertThat(hip.get(HipField.FEATURES) & 1).isZero();
        assertThat(hip.get(HipField.SBW_DMA)).isZero();
        assertThat(hip.get(HipField.MCO_DMA)).isZero();
        assertThat(hip.get(HipField.X86_PIN_NUM)).isEqualTo(24);
        assertThat(hip.get(HipField.X86_GSI_NUM)).isEqualTo(64);
        assertThat(hip.sum16()).isZero();
        final Hip usual = X86Machine.builder().build().kernel().hip(); // the default machine has VT-d
        assertThat(usual.get(HipField.FEATURES) & 1).isEqualTo(1);
        assertThat(usual.get(HipField.SBW_DMA)).isEqualTo(36);
        assertThat(m.vtd()).isNull();
        assertThat(m.platform().smmu().units()).isZero();
        assertThat(m.bus().translation()).isSameAs(DmaTranslation.IDENTITY);
    }

    @Test
    void theNovaHostSpaceWithholdsNoIommuTablesOnlyTheInterruptHardware()
    {
        assertThat(kernel.novaHst().lookup(X86Machine.TABLES >>> 12)).isNotZero(); // ordinary RAM here
        assertThat(kernel.novaHst().lookup(X86Machine.IOAPIC_BASE >>> 12)).isZero();
        assertThat(kernel.novaHst().lookup(0xfee0_0000L >>> 12)).isZero();
    }

    @Test
    void createPdOfADmaSpaceIsBadFtrAndStoresNothing()
    {
        assertThat(call(u -> Calls.createPd(u, SPACE, Kind.DMA.op(), Kernel.ROOT_PD))).isEqualTo(Status.BAD_FTR);
        assertThat(kernel.root().obj().object(SPACE)).isNull();
        assertThat(call(u -> Calls.createPd(u, SPACE, Kind.DMA.op(), NULL))).as("the owner comes first")
            .isEqualTo(Status.BAD_CAP);
        assertThat(call(u -> Calls.createPd(u, SPACE, Kind.PD.op(), Kernel.ROOT_PD))).as("the selector is free")
            .isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createPd(u, SPACE + 1, Kind.DMA.op(), SPACE))).as("a new PD's DMA space")
            .isEqualTo(Status.BAD_FTR);
    }

    @Test
    void createDcRecordsTheDtdAsTheSpecificationListsNoFeatureStatus()
    {
        assertThat(call(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, 0, 0))).isEqualTo(Status.SUCCESS);
        assertThat(call(u -> Calls.createDc(u, DC_NAMING_AN_IOMMU, Kernel.ROOT_PD, DEVICE, X86Machine.VTD_BASE, 0)))
            .isEqualTo(Status.SUCCESS); // assign_int judges it
        assertThat(kernel.root().obj().object(DC).kind()).isEqualTo(Kind.DC);
    }

    static Stream<Arguments> assignDevWithoutDmaSpaces()
    {
        return Stream.of(
            Arguments.of("a host space for the DMA space", DC, HOST),
            Arguments.of("an empty selector for the DMA space", DC, SPACE),
            Arguments.of("no DC", NULL, HOST));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("assignDevWithoutDmaSpaces")
    void assignDevFindsNoDmaSpaceAndLeavesDmaUntranslated(final String what, final long dc, final long dma)
    {
        devicesAndSemaphores();
        assertThat(call(u -> Calls.assignDev(u, dc, dma))).as(what).isEqualTo(Status.BAD_CAP);
        assertThat(m.bus().translation()).isSameAs(DmaTranslation.IDENTITY);
    }

    /** Each failure of assign_int without an IOMMU, in the order the kernel checks. */
    static Stream<Arguments> assignIntFailures()
    {
        return Stream.of(
            Arguments.of("an MSI without a DC", SM_MSI, NULL, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a pin with a DC", SM_PIN, DC, 0, 0, 0, Status.BAD_CAP),
            Arguments.of("a slot at VEC_NUM", SM_MSI, DC, 0, Vectors.SLOTS, 0, Status.BAD_PAR),
            Arguments.of("a configuration for an MSI", SM_MSI, DC, 0, 0, 1, Status.BAD_PAR),
            Arguments.of("G for a pin", SM_PIN, NULL, 0, 0, 8, Status.BAD_PAR),
            Arguments.of("a DC naming an IOMMU the machine lacks", SM_MSI, DC_NAMING_AN_IOMMU, 0, 0, 0,
                Status.BAD_DEV),
            Arguments.of("a DC of another segment", SM_MSI, DC_OTHER_SEGMENT, 0, 0, 0, Status.BAD_DEV));
    }

    @ParameterizedTest(name = "{0}: {6}")
    @MethodSource("assignIntFailures")
    void assignIntFailsAndChangesNothing(final String what, final long sm, final long dc, final int cpu,
                                         final int idx, final int cfg, final Status status)
    {
        devicesAndSemaphores();
        final long rte = m.ioapic().entry(PIN_GSI);
        assertThat(call(u -> Calls.assignInt(u, sm, dc, true, cpu, idx, cfg))).as(what).isEqualTo(status);
        assertThat(m.ioapic().entry(PIN_GSI)).isEqualTo(rte);
        assertThat(sm(SM_MSI).routedCpu()).isEqualTo(-1);
        assertThat(sm(SM_PIN).routedCpu()).isEqualTo(-1);
        assertThat(root.param(1)).as("no outputs on failure").isEqualTo(dc);
        assertThat(root.param(2)).isEqualTo((long) idx << 32 | (long) cpu << 16 | cfg);
    }

    @Test
    void anMsiGetsTheCompatibilityFormatAddressAndDataOfItsCpuAndSlot()
    {
        devicesAndSemaphores();
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, DC, true, 1, 3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(root.param(1)).isEqualTo(0xfee0_1000L); // physical destination APIC ID 1, no remapping
        assertThat(root.param(2)).isEqualTo(Vectors.VEC_GSI + 3); // fixed, edge, the slot's vector
        assertThat(sm(SM_MSI).routedCpu()).isEqualTo(1);
        assertThat(call(u -> Calls.assignInt(u, SM_MSI, NULL, false, 1, 3, 0))).isEqualTo(Status.SUCCESS);
        assertThat(sm(SM_MSI).routedCpu()).isEqualTo(-1);
    }

    @Test
    void aPinGetsACompatibilityRedirectionEntryForItsCpuAndSlot()
    {
        devicesAndSemaphores();
        assertThat(call(u -> Calls.assignInt(u, SM_PIN, NULL, true, 1, 4, 2 | 4))).isEqualTo(Status.SUCCESS);
        assertThat(root.param(1)).isZero(); // no MSI pair for a pin
        final long e = m.ioapic().entry(PIN_GSI);
        assertThat(RedirectionEntry.isRemappable(e)).isFalse();
        assertThat(RedirectionEntry.destination(e)).isEqualTo(1);
        assertThat(RedirectionEntry.logical(e)).isFalse();
        assertThat(RedirectionEntry.deliveryMode(e)).isZero();
        assertThat(RedirectionEntry.vector(e)).isEqualTo(Vectors.VEC_GSI + 4);
        assertThat(e & (IoApic.RTE_LEVEL | IoApic.RTE_ACTIVE_LOW)).isEqualTo(IoApic.RTE_LEVEL | IoApic.RTE_ACTIVE_LOW);
        assertThat(e & IoApic.RTE_MASKED).isZero();
        // A detach masks it again.
        assertThat(call(u -> Calls.assignInt(u, SM_PIN, NULL, false, 1, 4, 0))).isEqualTo(Status.SUCCESS);
        assertThat(m.ioapic().entry(PIN_GSI) & IoApic.RTE_MASKED).isNotZero();
    }

    @Test
    void aCpuWhoseApicIdAnEightBitDestinationCannotNameIsBadCpu()
    {
        final X86Machine big = X86Machine.builder().cpus(256).iommu(false).build();
        final Kernel k = big.kernel();
        Script.ok(k, u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, 0, 0));
        Script.ok(k, u -> Calls.createInterruptSm(u, SM_MSI, Kernel.ROOT_PD, MSI_GSI));
        Script.ok(k, u -> Calls.createInterruptSm(u, SM_PIN, Kernel.ROOT_PD, PIN_GSI));
        final long rte = big.ioapic().entry(PIN_GSI);
        // APIC ID 255 is the compatibility format's broadcast: neither a pin nor an MSI can name CPU 255 alone.
        assertThat(Script.direct(k, u -> Calls.assignInt(u, SM_MSI, DC, true, 255, 0, 0))).isEqualTo(Status.BAD_CPU);
        assertThat(Script.direct(k, u -> Calls.assignInt(u, SM_PIN, NULL, true, 255, 0, 0)))
            .isEqualTo(Status.BAD_CPU);
        assertThat(big.ioapic().entry(PIN_GSI)).isEqualTo(rte);
        // Checked after the slot and the DC, before the configuration.
        assertThat(Script.direct(k, u -> Calls.assignInt(u, SM_MSI, DC, true, 255, Vectors.SLOTS, 0)))
            .isEqualTo(Status.BAD_PAR);
        assertThat(Script.direct(k, u -> Calls.assignInt(u, SM_MSI, NULL, true, 255, 0, 0)))
            .isEqualTo(Status.BAD_CAP);
        assertThat(Script.direct(k, u -> Calls.assignInt(u, SM_MSI, DC, true, 255, 0, 1))).isEqualTo(Status.BAD_CPU);
        assertThat(Script.direct(k, u -> Calls.assignInt(u, SM_MSI, DC, true, 254, 0, 0))).isEqualTo(Status.SUCCESS);
        assertThat(k.rootEc().param(1)).isEqualTo(0xfeef_e000L);
    }

    @Test
    void everySegmentHasItsGsisWithoutAUnitAndAnMsisDcNamesItsSegment()
    {
        final X86Machine two = X86Machine.builder().segments(2).iommu(false).build();
        final Kernel k = two.kernel();
        assertThat(two.vtd(1)).isNull();
        final long isd = 1L << 16 | MSI_GSI;
        assertThat(Script.direct(k, u -> Calls.createInterruptSm(u, SM_MSI, Kernel.ROOT_PD, isd)))
            .isEqualTo(Status.SUCCESS);
        assertThat(Script.direct(k, u -> Calls.createInterruptSm(u, SM_PIN, Kernel.ROOT_PD, 2L << 16 | MSI_GSI)))
            .as("a segment beyond the machine's").isEqualTo(Status.BAD_PAR);
        Script.ok(k, u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, 0, 0));
        Script.ok(k, u -> Calls.createDc(u, DC_OTHER_SEGMENT, Kernel.ROOT_PD, 1L << 16 | DEVICE, 0, 0));
        assertThat(Script.direct(k, u -> Calls.assignInt(u, SM_MSI, DC, true, 0, 0, 0))).isEqualTo(Status.BAD_DEV);
        assertThat(Script.direct(k, u -> Calls.assignInt(u, SM_MSI, DC_OTHER_SEGMENT, true, 0, 0, 0)))
            .isEqualTo(Status.SUCCESS);
    }

    @Test
    void theHardwareRecordNamesWhatIsWrongAboutSegmentsAndUnits()
    {
        final X86Platform.Hardware none = new X86Platform.Hardware(new LocalApic[] {m.apic(0)}, 1, new Vtd[0],
            new long[0], new IoApic[] {m.ioapic()}, new long[] {X86Machine.IOAPIC_BASE}, X86Machine.TABLES, 64,
            X86Machine.KERNEL_MEMORY, 64L << 20, BootInfo.NONE, null);
        assertThat(none.vtds()).isEmpty();
        assertThatThrownBy(() -> new X86Platform.Hardware(none.apics(), 0,
            none.vtds(), none.vtdBases(), none.ioapics(), none.ioapicBases(), none.tables(), 64,
            none.kernelMemoryBase(), none.kernelMemorySize(), none.boot(), null)).hasMessageContaining("segments");
        final X86Machine usual = X86Machine.builder().build();
        assertThatThrownBy(() -> new X86Platform.Hardware(none.apics(), 2,
            new Vtd[] {usual.vtd()}, new long[] {X86Machine.VTD_BASE}, none.ioapics(),
            none.ioapicBases(), none.tables(), 64, none.kernelMemoryBase(), none.kernelMemorySize(), none.boot(),
            null)).hasMessageContaining("vtds");
        assertThatThrownBy(() -> new X86Platform.Hardware(none.apics(), null,
            none.vtdBases(), none.ioapics(), none.ioapicBases(), none.tables(), 64, none.kernelMemoryBase(),
            none.kernelMemorySize())).hasMessageContaining("vtds");
    }

    @Test
    void withAnIommuTheSameCpuIsReachedThroughAnX2ApicDestination()
    {
        final X86Machine big = X86Machine.builder().cpus(256).build();
        final Kernel k = big.kernel();
        Script.ok(k, u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, X86Machine.VTD_BASE, 0));
        Script.ok(k, u -> Calls.createInterruptSm(u, SM_MSI, Kernel.ROOT_PD, MSI_GSI));
        assertThat(Script.direct(k, u -> Calls.assignInt(u, SM_MSI, DC, true, 255, 0, 0))).isEqualTo(Status.SUCCESS);
    }
}
