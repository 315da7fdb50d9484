// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.bus.AccessRule;
import org.novaemu.bus.MmioDevice;

/** The command queue: CMD_SYNC's completion signals, command errors and their recovery, wrap-around, bounds. */
class CommandQueueTest
{
    private static final long HOLE = 0x2000_0000L;

    private final SmmuHarness h = new SmmuHarness();

    @BeforeEach
    void program()
    {
        h.enableLinear();
    }

    private long cons()
    {
        return h.read(SmmuRegister.CMDQ_CONS);
    }

    private boolean errorActive(final int bit)
    {
        return ((h.read(SmmuRegister.GERROR) ^ h.read(SmmuRegister.GERRORN)) & bit) != 0;
    }

    @Test
    void cmdSyncSignalsAnMsiAndItsWiredOutputOrAWakeUpEventOrNothing()
    {
        h.submit(Command.sync(Command.SIG_IRQ, SmmuHarness.DOORBELL + 8, 0x1234_5678));
        assertThat(h.doorbell.count()).isEqualTo(1);
        assertThat(h.doorbell.offset(0)).isEqualTo(8);
        assertThat(h.doorbell.value(0)).isEqualTo(0x1234_5678L);
        assertThat(h.doorbell.requester(0)).isEqualTo(SmmuHarness.OWN);                 // the SMMU's DeviceID
        assertThat(h.syncIrq.count).isEqualTo(1);
        h.submit(Command.sync(Command.SIG_IRQ, 0, 0));                                  // wired output only
        assertThat(h.doorbell.count()).isEqualTo(1);
        assertThat(h.syncIrq.count).isEqualTo(2);
        h.submit(Command.sync(Command.SIG_SEV, SmmuHarness.DOORBELL, 1), Command.sync(Command.SIG_NONE,
            SmmuHarness.DOORBELL, 1));
        assertThat(h.smmu.wakeUpEvents()).isEqualTo(1);
        assertThat(h.doorbell.count()).isEqualTo(1);
        assertThat(h.syncIrq.count).isEqualTo(2);
        assertThat(cons()).isEqualTo(h.prod());
    }

    @Test
    void whoeverSeesTheCompletionSignalSeesTheSyncConsumed()
    {
        final long[] seen = new long[1];
        final MmioDevice observer = new MmioDevice()
        {
            @Override
            public long read(final long offset, final int size, final long requester)
            {
                return 0;
            }

            @Override
            public void write(final long offset, final int size, final long value, final long requester)
            {
                seen[0] = cons();
            }
        };
        h.bus.mapMmio("observer", 0x0b00_0000L, 0x1000, observer, AccessRule.DWORD);
        h.submit(Command.tlbiNsnhAll(), Command.sync(Command.SIG_IRQ, 0x0b00_0000L, 0));
        assertThat(seen[0]).isEqualTo(h.prod());
    }

    @Test
    void anIllegalCommandStopsTheQueueUntilFixedInPlaceAndAcknowledged()
    {
        h.write(SmmuRegister.IRQ_CTRL, 0);
        h.write(SmmuRegister.GERROR_IRQ_CFG1, 0x66);
        h.write(SmmuRegister.GERROR_IRQ_CFG0, SmmuHarness.DOORBELL);
        h.write(SmmuRegister.IRQ_CTRL, SmmuRegister.IRQ_CTRL_GERROR_IRQEN | SmmuRegister.IRQ_CTRL_EVENTQ_IRQEN);
        final long bad = h.prod();
        h.submit(Command.tlbiNsnhAll(), new Command(0x00, 0), Command.sync(Command.SIG_IRQ, 0, 0));
        assertThat(cons()).isEqualTo(SmmuRegister.CMDQ_CONS_ERR.encode(CommandQueue.CERROR_ILL) | bad + 1);
        assertThat(errorActive(SmmuRegister.GERROR_CMDQ_ERR)).isTrue();
        assertThat(h.gerrorIrq.count).isEqualTo(1);
        assertThat(h.doorbell.count()).isEqualTo(1);                                   // the GERROR MSI
        assertThat(h.doorbell.value(0)).isEqualTo(0x66);
        assertThat(h.syncIrq.count).isZero();                                          // the SYNC after it waits
        h.submit(Command.sync(Command.SIG_IRQ, 0, 0));                                 // so does everything new
        assertThat(SmmuRegister.Q_INDEX.extract(cons())).isEqualTo(bad + 1);
        // As NOVA recovers: replace the command at CONS with a CMD_SYNC, then acknowledge.
        Command.sync(Command.SIG_NONE, 0, 0).writeTo(h.mem, SmmuHarness.CMDQ + Command.SIZE * (bad + 1 & 15));
        h.write(SmmuRegister.GERRORN, h.read(SmmuRegister.GERROR));
        assertThat(errorActive(SmmuRegister.GERROR_CMDQ_ERR)).isFalse();
        assertThat(SmmuRegister.Q_INDEX.extract(cons())).isEqualTo(h.prod());
        assertThat(h.syncIrq.count).isEqualTo(2);
    }

    @Test
    void withTheQueueDisabledSoftwareMayMoveConsPastTheBadCommand()
    {
        final long bad = h.prod();
        h.submit(new Command(0xff, 0), Command.sync(Command.SIG_IRQ, 0, 0));
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_EVENTQEN);
        h.write(SmmuRegister.CMDQ_CONS, bad + 1);
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_EVENTQEN | SmmuRegister.CR0_CMDQEN);
        assertThat(h.syncIrq.count).isZero();                                          // not acknowledged yet
        h.write(SmmuRegister.GERRORN, h.read(SmmuRegister.GERROR));
        assertThat(h.syncIrq.count).isEqualTo(1);
        assertThat(SmmuRegister.Q_INDEX.extract(cons())).isEqualTo(h.prod());
    }

    @Test
    void commandsOfWhatTheSmmuLacksAreIllegal()
    {
        final Command[] illegal = {
            new Command(Command.TLBI_NH_ALL, 0),                                        // no stage 1
            new Command(Command.CFGI_CD, 0),
            new Command(Command.CFGI_CD_ALL, 0),
            new Command(Command.TLBI_EL2_ALL, 0),                                       // no Hyp
            new Command(0x18, 0),                                                       // TLBI_EL3_ALL: Secure only
            new Command(0x40, 0),                                                       // ATC_INV: no ATS
            new Command(0x44, 0),                                                       // RESUME: no stalls
            new Command(Command.SYNC | Command.CS.encode(3), 0),                       // reserved CS
            new Command(Command.cfgiSte(1, true).low() | Command.SSEC.mask(), 1),      // SSec on the NS queue
        };
        for (final Command c : illegal)
        {
            final long at = h.prod();
            h.submit(c);
            assertThat(cons()).as("opcode 0x%x", c.opcode())
                .isEqualTo(SmmuRegister.CMDQ_CONS_ERR.encode(CommandQueue.CERROR_ILL) | at);
            Command.sync(Command.SIG_NONE, 0, 0).writeTo(h.mem, SmmuHarness.CMDQ + Command.SIZE * (at & 15));
            h.write(SmmuRegister.GERRORN, h.read(SmmuRegister.GERROR));
            assertThat(SmmuRegister.Q_INDEX.extract(cons())).isEqualTo(h.prod());
        }
        h.submit(new Command(Command.PREFETCH_CONFIG, 0), Command.cfgiSte(0, false)); // legal no-ops
        assertThat(cons()).isEqualTo(h.prod() | SmmuRegister.CMDQ_CONS_ERR.encode(CommandQueue.CERROR_ILL));
        assertThat(errorActive(SmmuRegister.GERROR_CMDQ_ERR)).isFalse();
    }

    @Test
    void aCommandFetchOutsideRamIsCerrorAbt()
    {
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_SMMUEN);
        h.write(SmmuRegister.CMDQ_BASE, HOLE | 4);
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_CMDQEN);
        h.submit(Command.tlbiNsnhAll());
        assertThat(SmmuRegister.CMDQ_CONS_ERR.extract(cons())).isEqualTo(CommandQueue.CERROR_ABT);
        assertThat(SmmuRegister.Q_INDEX.extract(cons())).isEqualTo(3);                 // not consumed
        assertThat(errorActive(SmmuRegister.GERROR_CMDQ_ERR)).isTrue();
    }

    @Test
    void theQueueWrapsAroundWithItsWrapBit()
    {
        for (int round = 0; round < 10; round++)
        {
            h.submit(Command.tlbiNsnhAll(), Command.cfgiAll(), Command.sync(Command.SIG_IRQ, 0, 0));
            assertThat(cons()).isEqualTo(h.prod());
        }
        assertThat(h.prod()).isEqualTo(33 & 31);                                      // 3 + 30 commands
        assertThat(h.syncIrq.count).isEqualTo(10);
    }

    @Test
    void aQueueThatFeedsItselfRunsOneLapPerTrigger()
    {
        // Every entry is a CMD_SYNC whose MSI moves PROD one further: the queue never runs dry.
        final long prodRegister = SmmuHarness.SMMU + SmmuRegister.CMDQ_PROD.offset();
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_SMMUEN);
        h.write(SmmuRegister.CMDQ_PROD, 0);
        h.write(SmmuRegister.CMDQ_CONS, 0);
        h.write(SmmuRegister.CR0, SmmuRegister.CR0_SMMUEN | SmmuRegister.CR0_CMDQEN);
        for (int slot = 0; slot < 16; slot++)
        {
            Command.sync(Command.SIG_IRQ, prodRegister, slot + 2).writeTo(h.mem, SmmuHarness.CMDQ + 16L * slot);
        }
        h.write(SmmuRegister.CMDQ_PROD, 1);
        assertThat(cons()).isEqualTo(16);                                              // one lap, then it returned
        assertThat(h.read(SmmuRegister.CMDQ_PROD)).isEqualTo(17);
        assertThat(h.syncIrq.count).isEqualTo(16);
    }

    @Test
    void anAbortedSyncMsiIsAGlobalErrorAndTheSyncIsConsumed()
    {
        h.submit(Command.sync(Command.SIG_IRQ, HOLE, 1));
        assertThat(errorActive(SmmuRegister.GERROR_MSI_CMDQ_ABT_ERR)).isTrue();
        assertThat(cons()).isEqualTo(h.prod());
        assertThat(h.gerrorIrq.count).isEqualTo(1);
        // A GERROR MSI that aborts activates MSI_GERROR_ABT_ERR, which interrupts no further.
        h.write(SmmuRegister.IRQ_CTRL, 0);
        h.write(SmmuRegister.GERROR_IRQ_CFG0, HOLE);
        h.write(SmmuRegister.IRQ_CTRL, SmmuRegister.IRQ_CTRL_GERROR_IRQEN);
        h.write(SmmuRegister.GERRORN, h.read(SmmuRegister.GERROR));
        h.submit(Command.sync(Command.SIG_IRQ, HOLE, 1));
        assertThat(errorActive(SmmuRegister.GERROR_MSI_GERROR_ABT_ERR)).isTrue();
        assertThat(h.gerrorIrq.count).isEqualTo(2);
    }

    @Test
    void aProdMovedInconsistentlyIsNotConsumed()
    {
        // 16 entries: PROD may be at most 16 ahead of CONS (3); 20 ahead is inconsistent.
        h.write(SmmuRegister.CMDQ_PROD, 23);
        assertThat(cons()).isEqualTo(3);
        h.write(SmmuRegister.CMDQ_PROD, 3);                                            // consistent again
        assertThat(errorActive(SmmuRegister.GERROR_CMDQ_ERR)).isFalse();
    }

    @Test
    void aGerrorMsiThatAcknowledgesItsErrorLetsTheRunningQueueRetry()
    {
        // The GERROR MSI writes GERRORN.CMDQ_ERR = 1: it acknowledges the first activation (GERROR 0 to 1), so the
        // running loop fetches the command again; the second activation (1 to 0) it does not acknowledge.
        h.write(SmmuRegister.IRQ_CTRL, 0);
        h.write(SmmuRegister.GERROR_IRQ_CFG0, SmmuHarness.SMMU + SmmuRegister.GERRORN.offset());
        h.write(SmmuRegister.GERROR_IRQ_CFG1, SmmuRegister.GERROR_CMDQ_ERR);
        h.write(SmmuRegister.IRQ_CTRL, SmmuRegister.IRQ_CTRL_GERROR_IRQEN);
        h.submit(new Command(0x00, 0));
        assertThat(h.gerrorIrq.count).isEqualTo(2);
        assertThat(errorActive(SmmuRegister.GERROR_CMDQ_ERR)).isTrue();
        assertThat(SmmuRegister.Q_INDEX.extract(cons())).isEqualTo(3);                 // at the bad command
    }

    @Test
    void acknowledgingAnInactiveErrorActivatesItWithoutAnInterrupt()
    {
        h.write(SmmuRegister.GERRORN, SmmuRegister.GERROR_CMDQ_ERR);                  // software broke the rule
        assertThat(errorActive(SmmuRegister.GERROR_CMDQ_ERR)).isTrue();
        assertThat(h.gerrorIrq.count).isZero();
        h.submit(Command.sync(Command.SIG_IRQ, 0, 0));
        assertThat(h.syncIrq.count).isZero();                                          // commands wait for it
        h.write(SmmuRegister.GERRORN, 0);
        assertThat(h.syncIrq.count).isEqualTo(1);
    }
}
