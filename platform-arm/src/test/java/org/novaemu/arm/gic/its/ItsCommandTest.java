// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.gic.its.ItsCommand.Clear;
import org.novaemu.arm.gic.its.ItsCommand.Discard;
import org.novaemu.arm.gic.its.ItsCommand.Int;
import org.novaemu.arm.gic.its.ItsCommand.Inv;
import org.novaemu.arm.gic.its.ItsCommand.Invall;
import org.novaemu.arm.gic.its.ItsCommand.Mapc;
import org.novaemu.arm.gic.its.ItsCommand.Mapd;
import org.novaemu.arm.gic.its.ItsCommand.Mapi;
import org.novaemu.arm.gic.its.ItsCommand.Mapti;
import org.novaemu.arm.gic.its.ItsCommand.Movall;
import org.novaemu.arm.gic.its.ItsCommand.Movi;
import org.novaemu.arm.gic.its.ItsCommand.Sync;
import org.novaemu.mem.PhysicalMemory;

/**
 * The ITS commands as software issues them through the queue: what each does, each architected error stalling the
 * queue on its command, and how software resumes it. The fixture: four PEs; collection 0 targets PE 0, collection 5 is
 * in range but not mapped, collection 600 beyond the one-page collection table; device 1 has an ITT of 16 events,
 * event 0 raising LPI 8200 through collection 0, event 1 LPI 8201 through collection 5, event 3 unmapped; device 2 is
 * not mapped; DeviceID 0x10000 is beyond Devbits.
 */
class ItsCommandTest
{
    private static final int OOR_DEVICE = 0x1_0000;

    private final ItsHarness h = new ItsHarness(4).enableGic().enableIts();

    ItsCommandTest()
    {
        h.mapCollection(0, 0);
        h.mapDevice(1, 4);
        h.mapEvent(1, 0, 8200, 0);
        h.mapEvent(1, 1, 8201, 5);
    }

    static Stream<Arguments> errors()
    {
        final long itt = ItsHarness.RAM + 0x0f00_0000L;
        return Stream.of(
            Arguments.of(Mapd.map(OOR_DEVICE, itt, 4), ItsError.MAPD_DEVICE_OOR),
            Arguments.of(Mapd.unmap(OOR_DEVICE), ItsError.MAPD_DEVICE_OOR),
            Arguments.of(Mapd.map(3, itt, 17), ItsError.MAPD_ITTSIZE_OOR),
            Arguments.of(Mapc.map(1, 4), ItsError.MAPC_PROCNUM_OOR),
            Arguments.of(Mapc.map(600, 0), ItsError.MAPC_COLLECTION_OOR),
            Arguments.of(Mapc.unmap(600), ItsError.MAPC_COLLECTION_OOR),
            Arguments.of(new Mapti(OOR_DEVICE, 0, 8300, 0), ItsError.MAPTI_DEVICE_OOR),
            Arguments.of(new Mapti(1, 2, 8300, 600), ItsError.MAPTI_COLLECTION_OOR),
            Arguments.of(new Mapti(2, 0, 8300, 0), ItsError.MAPTI_UNMAPPED_DEVICE),
            Arguments.of(new Mapti(1, 16, 8300, 0), ItsError.MAPTI_ID_OOR),
            Arguments.of(new Mapti(1, 2, Intid.LPI - 1, 0), ItsError.MAPTI_PHYSICALID_OOR),
            Arguments.of(new Mapti(1, 2, 0x1_0000, 0), ItsError.MAPTI_PHYSICALID_OOR),
            Arguments.of(new Mapti(1, 2, -1, 0), ItsError.MAPTI_PHYSICALID_OOR),
            Arguments.of(new Mapi(OOR_DEVICE, 0, 0), ItsError.MAPI_DEVICE_OOR),
            Arguments.of(new Mapi(1, 2, 600), ItsError.MAPI_COLLECTION_OOR),
            Arguments.of(new Mapi(2, 0, 0), ItsError.MAPI_UNMAPPED_DEVICE),
            Arguments.of(new Mapi(1, 16, 0), ItsError.MAPI_ID_OOR),
            Arguments.of(new Mapi(1, 2, 0), ItsError.MAPI_PHYSICALID_OOR),
            Arguments.of(new Movi(OOR_DEVICE, 0, 0), ItsError.MOVI_DEVICE_OOR),
            Arguments.of(new Movi(1, 0, 600), ItsError.MOVI_COLLECTION_OOR),
            Arguments.of(new Movi(2, 0, 0), ItsError.MOVI_UNMAPPED_DEVICE),
            Arguments.of(new Movi(1, 16, 0), ItsError.MOVI_ID_OOR),
            Arguments.of(new Movi(1, 3, 0), ItsError.MOVI_UNMAPPED_INTERRUPT),
            Arguments.of(new Movi(1, 0, 5), ItsError.MOVI_UNMAPPED_COLLECTION),
            Arguments.of(new Movi(1, 1, 0), ItsError.MOVI_UNMAPPED_COLLECTION),
            Arguments.of(new Int(OOR_DEVICE, 0), ItsError.INT_DEVICE_OOR),
            Arguments.of(new Int(2, 0), ItsError.INT_UNMAPPED_DEVICE),
            Arguments.of(new Int(1, 16), ItsError.INT_ID_OOR),
            Arguments.of(new Int(1, 3), ItsError.INT_UNMAPPED_INTERRUPT),
            Arguments.of(new Int(1, 1), ItsError.INT_UNMAPPED_COLLECTION),
            Arguments.of(new Clear(OOR_DEVICE, 0), ItsError.CLEAR_DEVICE_OOR),
            Arguments.of(new Clear(2, 0), ItsError.CLEAR_UNMAPPED_DEVICE),
            Arguments.of(new Clear(1, 16), ItsError.CLEAR_ID_OOR),
            Arguments.of(new Clear(1, 3), ItsError.CLEAR_UNMAPPED_INTERRUPT),
            Arguments.of(new Clear(1, 1), ItsError.CLEAR_UNMAPPED_COLLECTION),
            Arguments.of(new Inv(OOR_DEVICE, 0), ItsError.INV_DEVICE_OOR),
            Arguments.of(new Inv(2, 0), ItsError.INV_UNMAPPED_DEVICE),
            Arguments.of(new Inv(1, 16), ItsError.INV_ID_OOR),
            Arguments.of(new Inv(1, 3), ItsError.INV_UNMAPPED_INTERRUPT),
            Arguments.of(new Inv(1, 1), ItsError.INV_UNMAPPED_COLLECTION),
            Arguments.of(new Invall(600), ItsError.INVALL_COLLECTION_OOR),
            Arguments.of(new Invall(5), ItsError.INVALL_UNMAPPED_COLLECTION),
            Arguments.of(new Movall(0, 4), ItsError.MOVALL_PROCNUM_OOR),
            Arguments.of(new Movall(4, 0), ItsError.MOVALL_PROCNUM_OOR),
            Arguments.of(new Discard(OOR_DEVICE, 0), ItsError.DISCARD_DEVICE_OOR),
            Arguments.of(new Discard(2, 0), ItsError.DISCARD_UNMAPPED_DEVICE),
            Arguments.of(new Discard(1, 16), ItsError.DISCARD_ID_OOR),
            Arguments.of(new Discard(1, 3), ItsError.DISCARD_UNMAPPED_INTERRUPT));
    }

    @Test
    void everyArchitectedErrorIsInTheTable()
    {
        final Set<ItsError> tested = errors().map(a -> (ItsError) a.get()[1]).collect(Collectors.toSet());
        final Set<ItsError> own = EnumSet.of(ItsError.UNKNOWN_COMMAND, ItsError.CWRITER_OOR, ItsError.QUEUE_OOR);
        assertThat(tested).containsAll(EnumSet.complementOf(EnumSet.copyOf(own)));
        for (final ItsError e : ItsError.values())
        {
            assertThat(ItsError.of(e.code())).isEqualTo(e);
            assertThat(e.code() >>> 16).isEqualTo(1);
        }
        assertThat(ItsError.CLEAR_UNMAPPED_INTERRUPT.code()).isEqualTo(0x01_05_07); // CLEAR numbered 0x05
        assertThat(ItsError.of(0)).isNull();
    }

    @ParameterizedTest
    @MethodSource("errors")
    void anErrorStallsTheQueueOnItsCommandChangingNothing(final ItsCommand bad, final ItsError expected)
    {
        final long at = h.cwriter;
        final long before = tablesChecksum();
        assertThat(h.command(bad)).isEqualTo(expected);
        assertThat(h.read(ItsRegister.CREADR)).isEqualTo(at | ItsRegister.CREADR_STALLED.mask());
        assertThat(h.read(ItsRegister.CMDERR)).isEqualTo(expected.code());
        assertThat(h.its.commandErrors()).isEqualTo(1);
        assertThat(tablesChecksum()).isEqualTo(before);
        for (int pe = 0; pe < 4; pe++)
        {
            assertThat(h.pins[pe].irq).isFalse();
        }
        new Sync(0).writeTo(h.memory, h.queue + at); // what NOVA does with a stalled command
        h.write(ItsRegister.CWRITER, h.cwriter | ItsRegister.CWRITER_RETRY.mask());
        assertThat(h.read(ItsRegister.CREADR)).isEqualTo(h.cwriter);
        assertThat(h.read(ItsRegister.CMDERR)).isZero();
        h.msi(1, 0);
        assertThat(h.ack(0)).isEqualTo(8200); // the mappings are as they were
    }

    /** A hash of what commands may change: the device and collection table entries used, device 1's ITT. */
    private long tablesChecksum()
    {
        final long dt = h.read(ItsRegister.BASER, 0) & ItsRegister.BASER_PA.mask();
        final long ct = h.read(ItsRegister.BASER, 1) & ItsRegister.BASER_PA.mask();
        long sum = 0;
        for (int i = 0; i < 8; i++)
        {
            sum = sum * 31 + h.memory.read64(dt + 8 * i) + 7 * h.memory.read64(ct + 8 * i);
        }
        final long itt = h.memory.read64(dt + 8) & DeviceTableEntry.ITT_ADDRESS.mask();
        for (int e = 0; e < 16; e++)
        {
            sum = sum * 31 + h.memory.read64(itt + 8 * e);
        }
        return sum;
    }

    @Test
    void anUnknownCommandStallsTheQueue()
    {
        for (final int op : List.of(0x00, 0x02, 0x29, 0x2a, 0xff))
        {
            assertThat(h.raw(op, 0, 0, 0)).as("command 0x%x", op).isEqualTo(ItsError.UNKNOWN_COMMAND);
            h.raw(ItsCommand.SYNC, 0, 0, 0);
            h.write(ItsRegister.CWRITER, h.cwriter - 64 & 0xffff); // back over both, as if never written
            h.cwriter = h.cwriter - 64 & 0xffff;
            new Sync(0).writeTo(h.memory, h.queue + h.cwriter);
            h.advance(1);
            h.write(ItsRegister.CWRITER, h.cwriter | ItsRegister.CWRITER_RETRY.mask());
            assertThat(h.error()).isNull();
        }
    }

    // ---- Each command's effect ----------------------------------------------------------------------------

    @Test
    void intAndClearMakeTheEventsLpiPendingAndNotPendingOnTheCollectionsTarget()
    {
        assertThat(h.command(new Int(1, 0))).isNull();
        assertThat(h.pending(0, 8200)).isTrue();
        assertThat(h.pins[0].irq).isTrue();
        assertThat(h.command(new Clear(1, 0))).isNull();
        assertThat(h.pending(0, 8200)).isFalse();
        assertThat(h.pins[0].irq).isFalse();
        h.command(new Int(1, 0));
        assertThat(h.ack(0)).isEqualTo(8200);
    }

    @Test
    void mapiTakesTheEventIdAsTheLpi()
    {
        h.mapDevice(7, 14);
        assertThat(h.command(new Mapi(7, 8300, 0))).isNull();
        h.msi(7, 8300);
        assertThat(h.ack(0)).isEqualTo(8300);
    }

    @Test
    void moviMovesTheEventAndItsPendingStateToTheNewTarget()
    {
        h.mapCollection(2, 1);
        h.command(new Int(1, 0));
        assertThat(h.command(new Movi(1, 0, 2))).isNull();
        assertThat(h.pending(0, 8200)).isFalse();
        assertThat(h.pending(1, 8200)).isTrue();
        assertThat(h.take(1)).isEqualTo(8200);
        h.msi(1, 0);
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.take(1)).isEqualTo(8200);
    }

    @Test
    void movallMovesEveryPendingLpiToAnotherRedistributor()
    {
        h.mapEvent(1, 2, 9000, 0);
        h.mapEvent(1, 4, 0xffff, 0);
        h.command(new Int(1, 0));
        h.command(new Int(1, 2));
        h.command(new Int(1, 4));
        assertThat(h.command(new Movall(0, 3))).isNull();
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.pending(3, 8200) && h.pending(3, 9000) && h.pending(3, 0xffff)).isTrue();
        assertThat(h.command(new Movall(3, 3))).isNull();
        assertThat(h.pending(3, 9000)).isTrue();
    }

    @Test
    void discardClearsThePendingStateAndUnmapsTheEvent()
    {
        h.command(new Int(1, 0));
        assertThat(h.command(new Discard(1, 0))).isNull();
        assertThat(h.pending(0, 8200)).isFalse();
        h.msi(1, 0);
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.its.dropped()).isEqualTo(1);
        assertThat(h.command(new Int(1, 0))).isEqualTo(ItsError.INT_UNMAPPED_INTERRUPT);
    }

    @Test
    void invAndInvallMakeTheRedistributorReadTheConfigurationAgain()
    {
        h.command(new Int(1, 0));
        h.config(8200, false);
        assertThat(h.pins[0].irq).isTrue(); // the redistributor's cached configuration
        assertThat(h.command(new Inv(1, 0))).isNull();
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.pending(0, 8200)).isTrue();
        h.config(8200, true);
        assertThat(h.command(new Invall(0))).isNull();
        assertThat(h.ack(0)).isEqualTo(8200);
    }

    @Test
    void syncCompletesAtOnceWhateverItNames()
    {
        final long at = h.cwriter;
        assertThat(h.command(new Sync(0))).isNull();
        assertThat(h.command(new Sync(99))).isNull();
        assertThat(h.read(ItsRegister.CREADR)).isEqualTo(at + 64);
    }

    @Test
    void mapcUnmapsAndRetargetsACollection()
    {
        assertThat(h.command(Mapc.unmap(0))).isNull();
        h.msi(1, 0);
        assertThat(h.pins[0].irq).isFalse();
        assertThat(h.command(new Int(1, 0))).isEqualTo(ItsError.INT_UNMAPPED_COLLECTION);
        h.cwriter -= 32;
        new Sync(0).writeTo(h.memory, h.queue + h.cwriter);
        h.advance(1);
        h.write(ItsRegister.CWRITER, h.cwriter | ItsRegister.CWRITER_RETRY.mask());
        assertThat(h.command(Mapc.map(0, 2))).isNull();
        h.msi(1, 0);
        assertThat(h.ack(2)).isEqualTo(8200);
    }

    @Test
    void mapdUnmapsADeviceAndRemapsItToAFreshItt()
    {
        assertThat(h.command(Mapd.unmap(1))).isNull();
        h.msi(1, 0);
        assertThat(h.its.dropped()).isEqualTo(1);
        h.mapDevice(1, 8); // a new, zeroed ITT: no events mapped
        h.msi(1, 0);
        assertThat(h.its.dropped()).isEqualTo(2);
        h.mapEvent(1, 200, 8210, 0);
        h.msi(1, 200);
        assertThat(h.ack(0)).isEqualTo(8210);
    }

    @Test
    void mapdWritesTheDeviceTableEntryInTheItsFormat()
    {
        final long itt = h.mapDevice(0x1234, 5);
        final long dt = h.read(ItsRegister.BASER, 0) & ItsRegister.BASER_PA.mask();
        assertThat(h.memory.read64(dt + 8L * 0x1234)).isEqualTo(1L << 63 | itt | 4);
        h.mapEvent(0x1234, 31, 8400, 0);
        assertThat(h.memory.read64(itt + 8 * 31)).isEqualTo(1L << 63 | 8400);
        h.command(Mapd.unmap(0x1234));
        assertThat(h.memory.read64(dt + 8L * 0x1234)).isZero();
    }

    // ---- The queue ----------------------------------------------------------------------------------------

    @Test
    void aStalledQueueRunsNothingUntilRetriedAndRetryRunsTheCommandAtCreadrAgain()
    {
        final long at = h.cwriter;
        h.command(new Int(1, 3)); // event 3 is not mapped
        h.queue(new Int(1, 0));
        h.advance(0);
        assertThat(h.read(ItsRegister.CREADR)).isEqualTo(at | ItsRegister.CREADR_STALLED.mask());
        assertThat(h.pending(0, 8200)).isFalse();
        h.write(ItsRegister.CWRITER, h.cwriter | ItsRegister.CWRITER_RETRY.mask()); // nothing fixed: stalls again
        assertThat(h.error()).isEqualTo(ItsError.INT_UNMAPPED_INTERRUPT);
        assertThat(h.its.commandErrors()).isEqualTo(2);
        assertThat(h.command(new Mapti(1, 3, 8203, 0))) // queued behind the stalled command: does not run either
            .isEqualTo(ItsError.INT_UNMAPPED_INTERRUPT);
        new Mapti(1, 3, 8203, 0).writeTo(h.memory, h.queue + at); // software fixes the command itself
        h.write(ItsRegister.CWRITER, h.cwriter | ItsRegister.CWRITER_RETRY.mask());
        assertThat(h.error()).isNull();
        assertThat(h.read(ItsRegister.CREADR)).isEqualTo(h.cwriter);
        assertThat(h.read(ItsRegister.CWRITER)).isEqualTo(h.cwriter); // Retry reads 0
        assertThat(h.pending(0, 8200)).isTrue();
    }

    @Test
    void writingCbaserWhileDisabledEndsAStallWithCreadrZero()
    {
        h.command(new Int(2, 0));
        h.write(ItsRegister.CTLR, 0);
        h.write(ItsRegister.CBASER, h.read(ItsRegister.CBASER));
        assertThat(h.read(ItsRegister.CREADR)).isZero();
        assertThat(h.read(ItsRegister.CMDERR)).isZero();
        h.write(ItsRegister.CWRITER, 0);
        h.cwriter = 0;
        h.write(ItsRegister.CTLR, ItsRegister.CTLR_ENABLED.mask());
        assertThat(h.command(new Int(1, 0))).isNull();
        assertThat(h.pending(0, 8200)).isTrue();
    }

    @Test
    void commandsWrittenWhileDisabledRunWhenTheItsIsEnabled()
    {
        h.write(ItsRegister.CTLR, 0);
        h.command(new Int(1, 0));
        assertThat(h.pending(0, 8200)).isFalse();
        h.msi(1, 0);
        assertThat(h.pending(0, 8200)).isFalse(); // a disabled ITS translates nothing
        h.write(ItsRegister.CTLR, ItsRegister.CTLR_ENABLED.mask());
        assertThat(h.pending(0, 8200)).isTrue();
        assertThat(h.read(ItsRegister.CREADR)).isEqualTo(h.cwriter);
    }

    @Test
    void aCwriterBeyondTheQueueOrAQueueBeyondMemoryStalls()
    {
        h.write(ItsRegister.CWRITER, h.queueBytes);
        assertThat(h.error()).isEqualTo(ItsError.CWRITER_OOR);
        h.write(ItsRegister.CWRITER, h.cwriter | ItsRegister.CWRITER_RETRY.mask());
        assertThat(h.error()).isNull();

        h.write(ItsRegister.CTLR, 0);
        h.write(ItsRegister.CBASER, ItsRegister.CBASER_VALID.mask() | PhysicalMemory.LIMIT - 0x1000 | 1);
        h.write(ItsRegister.CTLR, ItsRegister.CTLR_ENABLED.mask());
        h.write(ItsRegister.CWRITER, 32);
        assertThat(h.error()).isEqualTo(ItsError.QUEUE_OOR);
    }

    @Test
    void theQueueWrapsAroundItsEnd()
    {
        final ItsHarness small = new ItsHarness(1);
        small.queueBytes = 0x1000; // 128 commands
        small.enableGic().enableIts();
        small.mapCollection(0, 0);
        small.mapDevice(9, 8);
        for (int batch = 0; batch < 3; batch++)
        {
            for (int i = 0; i < 100; i++)
            {
                final int e = batch * 80 + i & 0xff;
                small.queue(new Mapti(9, e, 8192 + e, 0));
            }
            assertThat(small.advance(0)).isNull();
            assertThat(small.read(ItsRegister.CREADR)).isEqualTo(small.cwriter);
        }
        assertThat(small.cwriter).isEqualTo((2 + 300) * 32 % 0x1000);
        for (int e = 0; e < 256; e++)
        {
            small.msi(9, e);
            assertThat(small.take(0)).isEqualTo(8192 + e);
        }
    }

    @Test
    void aCommandWhoseEffectWritesCwriterIsNotReenteredAndOneTriggerRunsOneLap()
    {
        final ItsHarness small = new ItsHarness(1);
        small.queueBytes = 0x1000; // 128 commands
        small.enableGic().enableIts();
        small.mapCollection(0, 0);
        small.mapDevice(9, 4);
        small.mapEvent(9, 0, 8200, 0);
        final int[] depth = {0, 0};
        small.pins[0].onChange = () -> {
            // the PE answers each change of IRQ at once by queueing the opposite command (a queue feeding itself)
            depth[1] = Math.max(depth[1], ++depth[0]);
            small.queue(small.pins[0].irq ? new Clear(9, 0) : new Int(9, 0));
            small.write(ItsRegister.CWRITER, small.cwriter);
            depth[0]--;
        };
        final long start = small.read(ItsRegister.CREADR);
        small.command(new Int(9, 0));
        assertThat(depth[1]).isEqualTo(1); // the listener's CWRITER writes did not run commands under it
        assertThat(small.read(ItsRegister.CREADR)).isEqualTo(start); // one lap: 128 commands, back where it began
        assertThat(small.read(ItsRegister.CWRITER)).isNotEqualTo(start);
        small.write(ItsRegister.CWRITER, small.cwriter); // the next trigger runs the next lap
        assertThat(small.read(ItsRegister.CREADR)).isEqualTo(start);
        assertThat(small.error()).isNull();
    }
}
