// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.SmmuModel;
import org.novaemu.devices.DmaEngine;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Status;
import org.novaemu.pci.Header;

/**
 * Both SMMU drivers' end-to-end case: a DMA engine on an Arm machine with the given SMMU, its DMA space mapping
 * {@link #PA} at {@link #IOVA} (read and write) through a DC assigned by the root, the engine enabled as a driver
 * enables it; {@link #copy} runs one 8-byte copy and returns the engine's status.
 */
final class DmaCopy
{
    /** Where the DMA space's page is. */
    static final long PA = ArmMachine.RAM_BASE + 0x1000_0000L;
    /** A RAM page the DMA space does not map. */
    static final long PA2 = PA + 0x10_0000L;
    /** Where the page is in the DMA space. */
    static final long IOVA = 0x40_0000L;
    private static final long NOVA_HST = 30;
    private static final long DMA = 31;
    private static final long DC = 32;

    final ArmMachine machine;
    private final long regs;

    /**
     * @param model the SMMU
     * @param smmuBase its register address, the DTD's word 1
     */
    DmaCopy(final SmmuModel model, final long smmuBase)
    {
        final DmaEngine[] d = new DmaEngine[1];
        machine = ArmMachine.builder().smmu(model)
            .pcie((t, e) -> d[0] = t.root().rootPort().add(new DmaEngine("dma", e, 8))).build();
        final long sid = machine.rootComplex(0).streamId(d[0].bdf());
        ok(u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f, 0));
        ok(u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        ok(u -> Calls.ctrlPd(u, NOVA_HST, DMA, PA >>> 12, 0, IOVA >>> 12, Perm.MEM_R | Perm.MEM_W, 0));
        ok(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, sid, smmuBase, 0));
        ok(u -> Calls.assignDev(u, DC, DMA));
        machine.bus().write(ArmMachine.ecam(0) + ((long) d[0].bdf() << 12) + Header.COMMAND.offset(), 2,
            Header.COMMAND_MEMORY | Header.COMMAND_BUS_MASTER);
        regs = d[0].barAddress(0);
    }

    private void ok(final Consumer<Ec> setup)
    {
        final Ec root = machine.kernel().rootEc();
        setup.accept(root);
        assertThat(machine.kernel().hypercall(root)).isEqualTo(Status.SUCCESS);
    }

    /**
     * Copies 8 bytes from {@link #IOVA} to {@code destination} and lets the machine run.
     *
     * @param destination the device address written
     * @return the engine's STATUS
     */
    long copy(final long destination)
    {
        machine.bus().write(regs + DmaEngine.Register.SOURCE.offset(), 8, IOVA);
        machine.bus().write(regs + DmaEngine.Register.DESTINATION.offset(), 8, destination);
        machine.bus().write(regs + DmaEngine.Register.LENGTH.offset(), 4, 8);
        machine.bus().write(regs + DmaEngine.Register.GO.offset(), 4, 1);
        machine.engine().runFor(10_000);
        return machine.bus().read(regs + DmaEngine.Register.STATUS.offset(), 4);
    }
}
