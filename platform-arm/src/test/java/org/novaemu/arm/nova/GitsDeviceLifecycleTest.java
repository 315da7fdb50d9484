// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.gic.GicrRegister;
import org.novaemu.arm.gic.IccRegister;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.gic.its.Its;
import org.novaemu.arm.gic.its.ItsRegister;
import org.novaemu.bus.RequesterId;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Sm;
import org.novaemu.kernel.Status;

/**
 * A device's ITT lives as long as the DCs naming its DeviceID (A180-A183): create_dc maps the DeviceID (MAPD), an
 * LPI attach adds only MAPTI, INV and SYNC, the DCs naming one DeviceID share its ITT, and the last one's death
 * stops the LPIs still mapped through it and unmaps the DeviceID, after which the device's MSIs translate to
 * nothing and the ITS counts them dropped (IHI 0069 5.3.10, 6.2: an MSI from an unmapped device is ignored).
 * An LPI stopped that way, by a detach, or by a MAPTI taking its event is disabled where the redistributor looks,
 * not only in the table it may have cached (A211): made pending afterwards, it is not signalled.
 */
class GitsDeviceLifecycleTest
{
    private static final long GITS = ArmMachine.GITS_BASE;
    private static final long NULL = 999;
    private static final long DC = 20;
    private static final long DC2 = 21;
    private static final long SM_A = 22;
    private static final long SM_B = 23;
    private static final int DID = 0x208;
    private static final long REQUESTER = RequesterId.arm(DID, DID);
    private static final int LPI_A = Intid.LPI + 100;
    private static final int LPI_B = Intid.LPI + 101;
    private static final long MSI = ArmMachine.GITS_BASE + Its.TRANSLATER;

    private final ArmMachine m = ArmMachine.builder().cpus(2).build();
    private final Kernel kernel = m.kernel();
    private final Its its = m.its();
    private final Gits gits = m.interrupts().gits(0);

    private void ok(final Consumer<Ec> setup)
    {
        Script.ok(kernel, setup);
    }

    private long commands()
    {
        return m.bus().read(GITS + ItsRegister.CWRITER.offset(0), 8) / ItsRegister.COMMAND_SIZE;
    }

    private void revoke(final long sel)
    {
        ok(u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ, Kernel.ROOT_OBJ, NULL, 0, sel, 0x3f, 0));
    }

    /** @return the LPI the device's MSI with this EventID made pending on CPU 1, 0 if none (and clears it) */
    private int msi(final int eid)
    {
        m.bus().signalMessage(REQUESTER, MSI, eid);
        for (final int lpi : new int[] {LPI_A, LPI_B})
        {
            if (m.gic().redistributor(1).lpiPending(lpi))
            {
                m.gic().redistributor(1).clearLpiPending(lpi);
                return lpi;
            }
        }
        return 0;
    }

    /**
     * @return whether the LPI, made pending directly at CPU 1's redistributor (GICR_SETLPIR), is signalled to
     *         CPU 1's interface as its highest priority pending interrupt; the pending bit is cleared again
     */
    private boolean signalled(final int lpi)
    {
        final long rd = ArmMachine.GICR_BASE + GicrRegister.FRAMES; // CPU 1's RD_base (A48)
        m.bus().write(rd + GicrRegister.SETLPIR.offset(0), 8, lpi);
        final long hppir = m.gic().cpuInterface(1).read(IccRegister.HPPIR1_EL1);
        m.bus().write(rd + GicrRegister.CLRLPIR.offset(0), 8, lpi);
        return hppir == lpi;
    }

    private void semaphores()
    {
        ok(u -> Calls.createInterruptSm(u, SM_A, Kernel.ROOT_PD, LPI_A));
        ok(u -> Calls.createInterruptSm(u, SM_B, Kernel.ROOT_PD, LPI_B));
    }

    @Test
    void createDcMapsTheDeviceIdAndItsDeathUnmapsItSoAnMsiTranslatesToNothing()
    {
        semaphores();
        final long before = commands();
        ok(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, (long) DID << 32, 0, GITS));
        assertThat(commands() - before).as("MAPD at create_dc").isEqualTo(1);
        assertThat(gits.itts()).isEqualTo(1);
        final long mapped = commands();
        ok(u -> Calls.assignInt(u, SM_A, DC, true, 1, 3, 0));
        assertThat(commands() - mapped).as("MAPTI, INV, SYNC: no MAPD at the attach").isEqualTo(3);
        assertThat(msi(3)).isEqualTo(LPI_A);
        assertThat(signalled(LPI_A)).as("enabled").isTrue();

        final long translated = its.translated();
        final long dropped = its.dropped();
        final long alive = commands();
        revoke(DC);
        assertThat(commands() - alive).as("the LPI's INV, DISCARD and SYNC, then MAPD V=0").isEqualTo(4);
        assertThat(signalled(LPI_A)).as("disabled where the redistributor looks (A211)").isFalse();
        assertThat(gits.itts()).isZero();
        assertThat(msi(3)).as("the DeviceID is unmapped").isZero();
        assertThat(its.translated()).isEqualTo(translated);
        assertThat(its.dropped()).as("counted by the ITS").isEqualTo(dropped + 1);
        assertThat(((Sm) kernel.root().obj().object(SM_A)).routedCpu()).as("the semaphore keeps its slot")
            .isEqualTo(1);
        assertThat(m.interrupts().itsFailures()).isZero();
        assertThat(its.commandErrors()).isZero();

        // A new DC for the device gets the freed page zeroed: the old event does not translate until mapped.
        ok(u -> Calls.createDc(u, DC2, Kernel.ROOT_PD, (long) DID << 32, 0, GITS));
        assertThat(msi(3)).isZero();
        assertThat(its.dropped()).isEqualTo(dropped + 2);
        ok(u -> Calls.assignInt(u, SM_A, DC2, true, 1, 3, 0));
        assertThat(msi(3)).isEqualTo(LPI_A);
    }

    @Test
    void aDetachedLpiMadePendingIsNotSignalled()
    {
        semaphores();
        ok(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, (long) DID << 32, 0, GITS));
        ok(u -> Calls.assignInt(u, SM_A, DC, true, 1, 3, 0));
        assertThat(signalled(LPI_A)).as("attached: enabled").isTrue();
        final long before = commands();
        ok(u -> Calls.assignInt(u, SM_A, 0, false, 0, 0, 0));
        // Without the INV the redistributor would still hold the LPI enabled from the attach's INV.
        assertThat(signalled(LPI_A)).as("the disabled byte is what the redistributor sees (A211)").isFalse();
        assertThat(commands() - before).as("INV, DISCARD, SYNC").isEqualTo(3);
        assertThat(msi(3)).isZero();
        assertThat(its.commandErrors()).isZero();
        ok(u -> Calls.assignInt(u, SM_A, DC, true, 1, 3, 0));
        assertThat(signalled(LPI_A)).as("attached again").isTrue();
    }

    @Test
    void dcsNamingOneDeviceIdShareItsIttUntilTheLastDies()
    {
        semaphores();
        ok(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, (long) DID << 32, 0, GITS));
        final long before = commands();
        ok(u -> Calls.createDc(u, DC2, Kernel.ROOT_PD, (long) DID << 32 | 7, 0, GITS));
        assertThat(commands()).as("no second MAPD: the ITT is shared (A182)").isEqualTo(before);
        assertThat(gits.itts()).isEqualTo(1);
        ok(u -> Calls.assignInt(u, SM_A, DC, true, 1, 1, 0));
        ok(u -> Calls.assignInt(u, SM_B, DC2, true, 1, 2, 0));
        assertThat(msi(1)).isEqualTo(LPI_A);
        assertThat(msi(2)).isEqualTo(LPI_B);
        revoke(DC);
        assertThat(msi(1)).as("the device is still mapped for DC2").isEqualTo(LPI_A);
        assertThat(msi(2)).isEqualTo(LPI_B);
        revoke(DC2);
        assertThat(msi(1)).isZero();
        assertThat(msi(2)).isZero();
        assertThat(gits.itts()).isZero();
    }

    @Test
    void aMaptiOverAnotherLpisEventLeavesThatLpiNoRouteToDiscardLater()
    {
        semaphores();
        ok(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, (long) DID << 32, 0, GITS));
        ok(u -> Calls.assignInt(u, SM_A, DC, true, 1, 3, 0));
        assertThat(signalled(LPI_A)).isTrue();
        ok(u -> Calls.assignInt(u, SM_B, DC, true, 1, 3, 0)); // the same event: MAPTI points it at LPI B
        assertThat(msi(3)).isEqualTo(LPI_B);
        assertThat(signalled(LPI_A)).as("A disabled, its redistributor told by INVALL (A211)").isFalse();
        assertThat(signalled(LPI_B)).isTrue();
        final long before = commands();
        ok(u -> Calls.assignInt(u, SM_A, 0, false, 0, 0, 0));
        assertThat(commands()).as("A's event is B's now: no DISCARD (A183)").isEqualTo(before);
        assertThat(msi(3)).isEqualTo(LPI_B);
        ok(u -> Calls.assignInt(u, SM_A, DC, true, 1, 4, 0));
        assertThat(msi(4)).isEqualTo(LPI_A);
        assertThat(msi(3)).isEqualTo(LPI_B);
        ok(u -> Calls.assignInt(u, SM_B, 0, false, 0, 0, 0));
        assertThat(msi(3)).isZero();
        assertThat(msi(4)).isEqualTo(LPI_A);
        assertThat(its.commandErrors()).isZero();
    }

    @Test
    void aSecondSegmentsDeviceIdsGoThroughATwoLevelDeviceTable()
    {
        final ArmMachine two = ArmMachine.builder().cpus(2).segments(2).build();
        final Gits g = two.interrupts().gits(0);
        final long baser = two.bus().read(GITS + ItsRegister.BASER.offset(0), 8);
        assertThat(g.twoLevel()).isTrue();
        assertThat(ItsRegister.BASER_INDIRECT.isSet(baser)).as("20 DevBits: 8 MiB flat, beyond 1 MiB (A184)")
            .isTrue();
        final int did = 1 << 16 | 0x208;
        Script.ok(two.kernel(), u -> Calls.createInterruptSm(u, SM_A, Kernel.ROOT_PD, LPI_A));
        Script.ok(two.kernel(), u -> Calls.createDc(u, DC, Kernel.ROOT_PD, (long) did << 32, 0, GITS));
        Script.ok(two.kernel(), u -> Calls.assignInt(u, SM_A, DC, true, 1, 5, 0));
        two.bus().signalMessage(RequesterId.arm(did, did), MSI, 5);
        assertThat(two.gic().redistributor(1).lpiPending(LPI_A)).isTrue();
        assertThat(two.its().commandErrors()).isZero();
        // Every level-2 page of the driver's allotment, one DeviceID in each (512 DeviceIDs a 4 KiB page); the
        // first DC's DeviceID took one already.
        final int leaves = (int) (Gits.LEAF_BYTES / 0x1000);
        int page = 0;
        for (int made = 1; made < leaves; page++)
        {
            if (page != did >>> 9)
            {
                final long sel = 0x1000 + made++;
                final long dtd = (long) (page << 9) << 32;
                Script.ok(two.kernel(), u -> Calls.createDc(u, sel, Kernel.ROOT_PD, dtd, 0, GITS));
            }
        }
        final long dtd = (long) (page << 9) << 32;
        assertThat(Script.direct(two.kernel(), u -> Calls.createDc(u, DC2, Kernel.ROOT_PD, dtd, 0, GITS)))
            .as("no level-2 page left").isEqualTo(Status.MEM_OBJ);
        Script.ok(two.kernel(), u -> Calls.createDc(u, DC2, Kernel.ROOT_PD, 1L << 32, 0, GITS));
        assertThat(g.itts()).as("a DeviceID under an existing level-2 page needs none").isEqualTo(leaves + 1);
    }
}
