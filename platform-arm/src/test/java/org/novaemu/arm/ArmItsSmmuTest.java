// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.core.El1;
import org.novaemu.arm.gic.GicdRegister;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.arm.gic.IccRegister;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.gic.its.Its;
import org.novaemu.arm.gic.its.ItsCommand;
import org.novaemu.arm.gic.its.ItsRegister;
import org.novaemu.arm.smmu.Command;
import org.novaemu.arm.smmu.Event;
import org.novaemu.arm.smmu.SmmuRegister;
import org.novaemu.arm.smmu.Stage2Format;
import org.novaemu.arm.smmu.Ste;
import org.novaemu.bus.Bus;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.SpaceMem;
import org.novaemu.pci.Header;
import org.novaemu.pci.PciFunction;

/**
 * The ITS and the SMMUv3 on the Arm machine (A130): on a bare machine the test programs them through the bus as
 * a driver does; a PCIe function's MSI becomes an LPI on the PE its collection targets, its DMA is translated by
 * the stage 2 tables its STE names and an unmapped DMA records an event and raises the event queue's SPI; with
 * NOVA, both frames are withheld from the host space.
 */
class ArmItsSmmuTest
{
    private static final long RAM = ArmMachine.RAM_BASE;
    private static final long PROP = RAM + 0x10_0000L;
    private static final long PEND = RAM + 0x20_0000L;
    private static final long QUEUE = RAM + 0x30_0000L;
    private static final long TABLES = RAM + 0x40_0000L;
    private static final long ITT = RAM + 0x50_0000L;
    private static final long STRTAB = RAM + 0x60_0000L;
    private static final long CMDQ = RAM + 0x70_0000L;
    private static final long EVENTQ = RAM + 0x71_0000L;
    private static final long S2 = RAM + 0x80_0000L;
    private static final long PA = RAM + 0x100_0000L;
    private static final int LPI = 8192 + 42;

    private static ArmMachine bare(final ArmMachine.Builder b, final PciFunction[] f)
    {
        return b.cpus(2).bare(El1::wfi)
            .pcie((t, e) -> f[0] = t.root().rootPort().add(new PciFunction("dev", 0x1b36, 1, 0xff0000, false, 0)))
            .build();
    }

    private static void its(final Bus bus, final ItsRegister r, final int n, final long value)
    {
        bus.write(ArmMachine.GITS_BASE + r.offset(n), r.width(), value);
    }

    private static void command(final Bus bus, final int index, final ItsCommand c)
    {
        c.writeTo(bus.memory(), QUEUE + (long) index * ItsRegister.COMMAND_SIZE);
        its(bus, ItsRegister.CWRITER, 0, (long) (index + 1) * ItsRegister.COMMAND_SIZE);
    }

    @Test
    void aFunctionsMsiBecomesAnLpiOnThePeItsCollectionTargets()
    {
        final PciFunction[] f = new PciFunction[1];
        final ArmMachine m = bare(ArmMachine.builder(), f);
        final Bus bus = m.bus();
        final Its its = m.its();
        assertThat(its.base()).isEqualTo(ArmMachine.GITS_BASE);
        assertThat(m.smmu()).as("no SMMU by default").isNull();
        // The GIC as an OS leaves it: group 1 on, redistributors awake, LPIs on from one configuration table.
        bus.write(ArmMachine.GICD_BASE + GicdRegister.CTLR.offset(), 4, GicdRegister.CTLR_ENABLE_GRP1.mask());
        bus.memory().write8(PROP + LPI - Intid.LPI, 0xa0 | 2 | 1);
        for (int pe = 0; pe < 2; pe++)
        {
            final long rd = m.gic().redistributorBase(pe);
            bus.write(rd + GicrRegister.WAKER.offset(), 4, 0);
            bus.write(rd + GicrRegister.PROPBASER.offset(), 8, PROP | 15);
            bus.write(rd + GicrRegister.PENDBASER.offset(), 8, PEND + pe * 0x1_0000L);
            bus.write(rd + GicrRegister.CTLR.offset(), 4, GicrRegister.CTLR_ENABLE_LPIS.mask());
            m.gic().cpuInterface(pe).write(IccRegister.PMR_EL1, 0xff);
            m.gic().cpuInterface(pe).write(IccRegister.IGRPEN1_EL1, 1);
        }
        // Flat device and collection tables of 16 pages each, a 64 KiB command queue, then the ITS enabled.
        for (int n = 0; n < 8; n++)
        {
            final long type = ItsRegister.BASER_TYPE.extract(bus.read(its.base() + ItsRegister.BASER.offset(n), 8));
            if (type == ItsRegister.TYPE_DEVICE || type == ItsRegister.TYPE_COLLECTION)
            {
                its(bus, ItsRegister.BASER, n, ItsRegister.BASER_VALID.mask() | TABLES + n * 0x1_0000L | 15);
            }
        }
        its(bus, ItsRegister.CBASER, 0, ItsRegister.CBASER_VALID.mask() | QUEUE | 15);
        its(bus, ItsRegister.CTLR, 0, ItsRegister.CTLR_ENABLED.mask());
        final int rid = f[0].bdf();
        final int deviceId = m.rootComplex(0).deviceId(rid);
        command(bus, 0, ItsCommand.Mapd.map(deviceId, ITT, 4));
        command(bus, 1, ItsCommand.Mapc.map(3, 1));
        command(bus, 2, new ItsCommand.Mapti(deviceId, 5, LPI, 3));
        assertThat(ItsRegister.CREADR_STALLED.isSet(bus.read(its.base() + ItsRegister.CREADR.offset(), 8)))
            .isFalse();

        assertThat(bus.signalMessage(f[0].requesterId(), its.translaterAddress(), 5)).isTrue();
        assertThat(m.gic().redistributor(1).lpiPending(LPI)).isTrue();
        assertThat(m.gic().redistributor(0).lpiPending(LPI)).isFalse();
        assertThat(m.gic().cpuInterface(1).read(IccRegister.IAR1_EL1)).isEqualTo(LPI);
        // Another requester's write of the same EventID is not this device's: dropped.
        final long dropped = its.dropped();
        bus.signalMessage(m.rootComplex(0).requester(rid + 1), its.translaterAddress(), 5);
        assertThat(its.dropped()).isEqualTo(dropped + 1);
    }

    @Test
    void withTheSmmuAFunctionsDmaIsTranslatedAndAnUnmappedDmaRecordsAnEventAndRaisesItsSpi()
    {
        final PciFunction[] f = new PciFunction[1];
        final ArmMachine m = bare(ArmMachine.builder().smmu(true), f);
        final Bus bus = m.bus();
        final long cfg = ArmMachine.ecam(0) + ((long) f[0].bdf() << 12);
        bus.write(cfg + Header.COMMAND.offset(), 2, Header.COMMAND_BUS_MASTER);
        bus.write(RAM + 0x2000, 8, 0x1111);
        assertThat(bus.dmaRead(f[0].requesterId(), RAM + 0x2000, 8)).as("reset GBPA aborts").isEqualTo(-1L);

        final int sid = m.rootComplex(0).streamId(f[0].bdf());
        final Stage2Format s2 = Stage2Format.INSTANCE;
        final long wb = 3 << 3 | 7;
        bus.memory().write64(S2, s2.table(S2 + 0x1000));
        bus.memory().write64(S2 + 0x1000, s2.table(S2 + 0x2000));
        bus.memory().write64(S2 + 0x2000, s2.table(S2 + 0x3000));
        bus.memory().write64(S2 + 0x3000 + 16, s2.leaf(PA >>> 12, Perm.MEM_R | Perm.MEM_W, wb, 0)); // IPA 0x2000
        Ste.stage2(1, S2, 16, 2, 5).writeTo(bus.memory(), STRTAB + (long) Ste.SIZE * sid);
        // The event queue's SPI made edge-triggered and enabled, as a driver configures it.
        final int irq = ArmMachine.SMMU_INTID;
        bus.write(ArmMachine.GICD_BASE + GicdRegister.ICFGR.offset(irq / 16), 4, 2L << 2 * (irq % 16));
        bus.write(ArmMachine.GICD_BASE + GicdRegister.ISENABLER.offset(irq / 32), 4, 1L << irq % 32);

        smmu(bus, SmmuRegister.STRTAB_BASE, STRTAB);
        smmu(bus, SmmuRegister.STRTAB_BASE_CFG, 9);
        smmu(bus, SmmuRegister.CMDQ_BASE, CMDQ | 4);
        smmu(bus, SmmuRegister.EVENTQ_BASE, EVENTQ | 3);
        smmu(bus, SmmuRegister.IRQ_CTRL, SmmuRegister.IRQ_CTRL_GERROR_IRQEN | SmmuRegister.IRQ_CTRL_EVENTQ_IRQEN);
        smmu(bus, SmmuRegister.CR0, SmmuRegister.CR0_CMDQEN | SmmuRegister.CR0_EVENTQEN);
        Command.cfgiAll().writeTo(bus.memory(), CMDQ);
        Command.tlbiNsnhAll().writeTo(bus.memory(), CMDQ + Command.SIZE);
        smmu(bus, SmmuRegister.CMDQ_PROD, 2);
        smmu(bus, SmmuRegister.CR0, SmmuRegister.CR0_CMDQEN | SmmuRegister.CR0_EVENTQEN | SmmuRegister.CR0_SMMUEN);

        assertThat(f[0].dmaWrite(0x2010, 8, 0xfeed_beefL)).isTrue();
        assertThat(bus.read(PA + 0x10, 8)).isEqualTo(0xfeed_beefL);
        assertThat(bus.dmaRead(f[0].requesterId(), 0x2010, 8)).isEqualTo(0xfeed_beefL);
        assertThat(bus.read(PA + 0x10, 8)).as("the CPU's access bypasses the SMMU").isEqualTo(0xfeed_beefL);

        assertThat(f[0].dmaWrite(0x3000, 8, 0x2222)).as("unmapped").isFalse();
        final Event e = Event.readFrom(bus.memory(), EVENTQ);
        assertThat(e.type()).isEqualTo(Event.F_TRANSLATION);
        assertThat(e.streamId()).isEqualTo(sid);
        assertThat(e.inputAddress()).isEqualTo(0x3000);
        final long pending = bus.read(ArmMachine.GICD_BASE + GicdRegister.ISPENDR.offset(irq / 32), 4);
        assertThat(pending & 1L << irq % 32).as("SPI 74 pending").isNotZero();
    }

    private static void smmu(final Bus bus, final SmmuRegister r, final long value)
    {
        bus.write(ArmMachine.SMMU_BASE + r.offset(), r.width(), value);
    }

    @Test
    void theItsControlAndSmmuFramesAreWithheldFromTheNovaHostSpace()
    {
        final ArmMachine m = ArmMachine.builder().smmu(true).build();
        final SpaceMem hst = m.kernel().novaHst();
        assertThat(hst.lookup(ArmMachine.GITS_BASE >>> 12)).isZero();
        assertThat(hst.lookup(ArmMachine.GITS_BASE + 0xf000 >>> 12)).isZero();
        assertThat(hst.lookup(ArmMachine.GITS_BASE + 0x1_0000 >>> 12)).as("the translation frame (A200)").isNotZero();
        assertThat(hst.lookup(ArmMachine.SMMU_BASE >>> 12)).isZero();
        assertThat(hst.lookup(ArmMachine.SMMU_BASE + 0x1_f000 >>> 12)).isZero();
        assertThat(hst.lookup(ArmMachine.SMMU_BASE + 0x2_0000 >>> 12)).as("past the SMMU").isNotZero();
        assertThat(m.its()).isNotNull();
        assertThat(m.smmu()).isNotNull();

        final ArmMachine plain = ArmMachine.builder().its(false).build();
        assertThat(plain.its()).isNull();
        assertThat(plain.kernel().novaHst().lookup(ArmMachine.GITS_BASE >>> 12)).as("no ITS there").isNotZero();
        assertThat(plain.kernel().novaHst().lookup(ArmMachine.SMMU_BASE >>> 12)).as("no SMMU there").isNotZero();
    }

    @Test
    void anSmmuNeedsItsSpis()
    {
        assertThatThrownBy(() -> ArmMachine.builder().spis(64).smmu(true).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("spis");
        assertThat(ArmMachine.builder().spis(96).smmu(true).build().smmu()).isNotNull();
    }
}
