// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.RequesterId;

/**
 * The SMMU programmed step by step as NOVA 2025's SMMUv3 driver programs it ({@code Smmu_v3::init},
 * {@code assign_dev}, the STE's attach and detach, {@code notify_evt}): every handshake it polls completes, every
 * feature it checks is there, and a device it assigns reaches its DMA space and nothing else.
 */
class NovaDriverSequenceTest
{
    private static final int SID = 0x0123;
    private static final long L2 = SmmuHarness.STRTAB + 0x4000;
    private static final long PA = SmmuHarness.RAM + 0x80_0000L;
    private static final long DEV = RequesterId.arm(SID, SID);

    private final SmmuHarness h = new SmmuHarness();

    /** NOVA's command(): the command and a CMD_SYNC at PROD, then it waits for CONS to reach PROD. */
    private void command(final Command c)
    {
        h.submit(c, Command.sync(Command.SIG_NONE, 0, 0));
        assertThat(h.read(SmmuRegister.CMDQ_CONS) & 0xf_ffff).isEqualTo(h.prod());
    }

    private void setCr0(final int v)
    {
        h.write(SmmuRegister.CR0, v);
        assertThat(h.read(SmmuRegister.CR0ACK)).isEqualTo(v);
    }

    @Test
    void novasInitAssignAndDetachWork()
    {
        h.write(SmmuRegister.GBPA, SmmuRegister.GBPA_UPDATE | SmmuRegister.GBPA_ABORT);
        assertThat(h.read(SmmuRegister.GBPA) & SmmuRegister.GBPA_UPDATE).isZero();
        setCr0(0);
        h.write(SmmuRegister.IRQ_CTRL, 0);
        assertThat(h.read(SmmuRegister.IRQ_CTRLACK)).isZero();
        final long idr0 = h.read(SmmuRegister.IDR0);
        assertThat(idr0 & (1 | 1 << 3 | 1 << 13)).isEqualTo(1 | 1 << 3 | 1 << 13);   // S2P, TTF AArch64, MSI
        assertThat(h.read(SmmuRegister.IDR5) & 1 << 4).isNotZero();                  // 4 KiB granule
        h.write(SmmuRegister.GERRORN, h.read(SmmuRegister.GERROR));
        h.write(SmmuRegister.GERROR_IRQ_CFG0, 0);
        h.write(SmmuRegister.EVENTQ_IRQ_CFG0, 0);
        h.write(SmmuRegister.IRQ_CTRL, 0b101);
        assertThat(h.read(SmmuRegister.IRQ_CTRLACK)).isEqualTo(0b101);
        h.write(SmmuRegister.CMDQ_BASE, 1L << 62 | SmmuHarness.CMDQ | 4);
        h.write(SmmuRegister.CMDQ_PROD, 0);
        h.write(SmmuRegister.CMDQ_CONS, 0);
        h.write(SmmuRegister.EVENTQ_BASE, 1L << 62 | SmmuHarness.EVENTQ | 3);
        h.write(SmmuRegister.EVENTQ_PROD, 0);
        h.write(SmmuRegister.EVENTQ_CONS, 0);
        h.write(SmmuRegister.STRTAB_BASE_CFG, 1 << 16 | 6 << 6 | 16);               // lev, ord_ste, ord
        h.write(SmmuRegister.STRTAB_BASE, 1L << 62 | SmmuHarness.STRTAB);
        h.write(SmmuRegister.CR2, 1 << 1);
        h.write(SmmuRegister.CR1, 0b11 << 10 | 1 << 8 | 0b111 << 4 | 1 << 2 | 1);
        setCr0(0b1100);
        command(Command.cfgiAll());
        command(Command.tlbiNsnhAll());                                               // tlbi_alle2 skipped: no Hyp
        setCr0(0b1101);

        // assign_dev: a level 2 array for the StreamID, then the STE: transient, stage 2 fields, valid.
        h.mapPage(0x1000, PA);
        h.mem.write64(SmmuHarness.STRTAB + 8L * (SID >>> 6), L1Std.encode(L2, 7));
        command(Command.cfgiSte(SID, false));
        final long ste = L2 + Ste.SIZE * (SID & 63);
        h.mem.write64(ste, 0b1100);                                                   // Clear to Transient
        final Ste attached = SmmuHarness.stage2();
        h.mem.write64(ste + 16, attached.word2());
        h.mem.write64(ste + 24, attached.word3());
        command(Command.cfgiSte(SID, true));
        h.mem.write64(ste, 0b1101);                                                   // Transient to Valid
        command(Command.cfgiSte(SID, true));
        assertThat(h.bus.dmaWrite(DEV, 0x1008, 8, 0xabcd)).isTrue();
        assertThat(h.mem.read64(PA + 8)).isEqualTo(0xabcd);
        assertThat(h.bus.dmaWrite(DEV, 0x2008, 8, 0xabcd)).isFalse();

        // detach: Valid to Transient, CFGI, TLBI by VMID; the device's DMA now aborts with C_BAD_STE.
        h.mem.write64(ste, 0b1100);
        command(Command.cfgiSte(SID, true));
        command(Command.tlbiS12Vmall(SmmuHarness.VMID));
        assertThat(h.bus.dmaWrite(DEV, 0x1008, 8, 0x1111)).isFalse();
        assertThat(h.mem.read64(PA + 8)).isEqualTo(0xabcd);

        // notify_evt: read PROD, consume, write CONS with the overflow flag acknowledged.
        final long prod = h.read(SmmuRegister.EVENTQ_PROD);
        assertThat(prod & 0xf).isEqualTo(2);
        assertThat(Event.readFrom(h.mem, SmmuHarness.EVENTQ).type()).isEqualTo(Event.F_TRANSLATION);
        assertThat(Event.readFrom(h.mem, SmmuHarness.EVENTQ + Event.SIZE).type()).isEqualTo(Event.C_BAD_STE);
        h.write(SmmuRegister.EVENTQ_CONS, prod);
        assertThat(h.pendingEvents()).isZero();
        assertThat(h.eventIrq.count).isEqualTo(1);
    }

    @Test
    void builderMisuseNamesTheField()
    {
        assertThatThrownBy(() -> Smmuv3.builder(h.bus).streamIdBits(17)).hasMessageContaining("streamIdBits");
        assertThatThrownBy(() -> Smmuv3.builder(null)).hasMessageContaining("bus");
    }
}
