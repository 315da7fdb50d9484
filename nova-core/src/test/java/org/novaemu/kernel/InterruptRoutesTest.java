// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The architecture-neutral rules of assign_int (specification 5.5.3, NOVA's {@code Interrupt::assign}):
 * one semaphore per slot, one slot per semaphore, the last attach of an ISD owns its route, and a detached or
 * dead owner stops it. The hardware here only records what it is asked to do.
 */
class InterruptRoutesTest
{
    private static final int CPUS = 4;

    /** Interrupt hardware with four CPUs of 8 slots, ISD = route, that logs what it programs. */
    private static final class Recorder implements Interrupts
    {
        final List<String> log = new ArrayList<>();
        Status verdict = Status.SUCCESS;
        Status programmed = Status.SUCCESS;

        @Override
        public boolean validIsd(final long isd)
        {
            return isd < 1 << 20;
        }

        @Override
        public int route(final long isd)
        {
            return (int) isd;
        }

        @Override
        public int slots()
        {
            return CPUS * 8;
        }

        @Override
        public Status check(final boolean attach, final Sm sm, final Dc dc, final int cpu, final int idx,
                            final int cfg)
        {
            return verdict;
        }

        @Override
        public int slot(final Sm sm, final int cpu, final int idx)
        {
            return cpu * 8 + idx;
        }

        @Override
        public Status program(final Sm sm, final Dc dc, final int cpu, final int idx, final int cfg, final long[] msi)
        {
            log.add("program " + sm.isd() + " to " + cpu + ":" + idx);
            msi[0] = 0xfee0_0000L;
            msi[1] = sm.isd();
            return programmed;
        }

        @Override
        public void unprogram(final Sm sm)
        {
            log.add("unprogram " + sm.isd());
        }

        @Override
        public void deactivate(final Sm sm)
        {
            log.add("deactivate " + sm.isd());
        }

        @Override
        public void handle(final int cpu, final KernelEvents kernel)
        {
            // not entered here
        }

        @Override
        public boolean sendIpi(final int cpu, final Ipi kind)
        {
            return false;
        }
    }

    private final Recorder hardware = new Recorder();
    private final InterruptRoutes routes = new InterruptRoutes(hardware);
    private final long[] msi = new long[2];

    private Sm sm(final long isd)
    {
        return Sm.forInterrupt(isd, routes);
    }

    private Status attach(final Sm sm, final int cpu, final int idx)
    {
        return routes.assign(true, sm, null, cpu, idx, 0, msi);
    }

    private Status detach(final Sm sm, final int cpu, final int idx)
    {
        return routes.assign(false, sm, null, cpu, idx, 0, msi);
    }

    @Test
    void anAttachTakesItsSlotAndProgramsTheRoute()
    {
        final Sm a = sm(40);
        assertThat(attach(a, 2, 5)).isEqualTo(Status.SUCCESS);
        assertThat(routes.sm(2 * 8 + 5)).isSameAs(a);
        assertThat(a.routedCpu()).isEqualTo(2);
        assertThat(hardware.log).containsExactly("program 40 to 2:5");
        assertThat(msi).containsExactly(0xfee0_0000L, 40);
    }

    @Test
    void theArchitecturesVerdictComesFirstAndChangesNothing()
    {
        hardware.verdict = Status.BAD_PAR;
        final Sm a = sm(40);
        assertThat(attach(a, 2, 5)).isEqualTo(Status.BAD_PAR);
        assertThat(routes.sm(2 * 8 + 5)).isNull();
        assertThat(a.routedCpu()).isEqualTo(-1);
        assertThat(hardware.log).isEmpty();
    }

    @Test
    void hardwareThatRefusesTheRouteLeavesTheSemaphoreWhereItWas()
    {
        final Sm a = sm(40);
        final Sm b = sm(40);
        attach(a, 1, 2);
        attach(b, 3, 4);
        hardware.programmed = Status.BAD_DEV;
        assertThat(attach(b, 0, 6)).isEqualTo(Status.BAD_DEV);
        assertThat(routes.sm(3 * 8 + 4)).isSameAs(b);
        assertThat(routes.sm(6)).isNull();
        assertThat(b.routedCpu()).isEqualTo(3);
        assertThat(attach(a, 1, 2)).as("a's slot held by a, so no ABORTED").isEqualTo(Status.BAD_DEV);
        assertThat(routes.routedCpu(a)).as("b still owns the route").isEqualTo(3);
        hardware.programmed = Status.SUCCESS;
        assertThat(detach(b, 3, 4)).isEqualTo(Status.SUCCESS);
        assertThat(hardware.log).endsWith("unprogram 40");
    }

    @Test
    void attachingToASlotAnotherSemaphoreHoldsIsAborted()
    {
        final Sm a = sm(40);
        final Sm b = sm(41);
        attach(a, 0, 1);
        assertThat(attach(b, 0, 1)).isEqualTo(Status.ABORTED);
        assertThat(routes.sm(1)).isSameAs(a);
        assertThat(b.routedCpu()).isEqualTo(-1);
        assertThat(hardware.log).containsExactly("program 40 to 0:1");
    }

    @Test
    void attachingAgainWhereItIsProgramsTheRouteAgain()
    {
        final Sm a = sm(40);
        attach(a, 0, 1);
        assertThat(attach(a, 0, 1)).isEqualTo(Status.SUCCESS);
        assertThat(routes.sm(1)).isSameAs(a);
        assertThat(hardware.log).containsExactly("program 40 to 0:1", "program 40 to 0:1");
    }

    @Test
    void aSemaphoreAttachedElsewhereLeavesItsOldSlot()
    {
        final Sm a = sm(40);
        attach(a, 0, 1);
        assertThat(attach(a, 3, 7)).isEqualTo(Status.SUCCESS);
        assertThat(routes.sm(1)).isNull();
        assertThat(routes.sm(3 * 8 + 7)).isSameAs(a);
        assertThat(a.routedCpu()).isEqualTo(3);
        assertThat(attach(sm(41), 0, 1)).isEqualTo(Status.SUCCESS); // the old slot is free for another
    }

    @Test
    void detachingFromASlotTheSemaphoreDoesNotHoldIsAborted()
    {
        final Sm a = sm(40);
        final Sm b = sm(41);
        attach(a, 0, 1);
        assertThat(detach(b, 0, 1)).isEqualTo(Status.ABORTED);
        assertThat(detach(a, 0, 2)).isEqualTo(Status.ABORTED);
        assertThat(routes.sm(1)).isSameAs(a);
        assertThat(hardware.log).containsExactly("program 40 to 0:1");
    }

    @Test
    void aDetachFreesTheSlotAndStopsTheRoute()
    {
        final Sm a = sm(40);
        attach(a, 0, 1);
        msi[0] = 7;
        assertThat(detach(a, 0, 1)).isEqualTo(Status.SUCCESS);
        assertThat(routes.sm(1)).isNull();
        assertThat(a.routedCpu()).isEqualTo(-1);
        assertThat(hardware.log).containsExactly("program 40 to 0:1", "unprogram 40");
        assertThat(msi[0]).isEqualTo(7); // a detach returns no MSI pair
    }

    @Test
    void theLastAttachOfAnIsdOwnsItsRouteAndAnEarlierOneCannotStopIt()
    {
        final Sm first = sm(40);
        final Sm second = sm(40);
        attach(first, 0, 1);
        attach(second, 1, 2);
        assertThat(detach(first, 0, 1)).isEqualTo(Status.SUCCESS);
        assertThat(hardware.log).containsExactly("program 40 to 0:1", "program 40 to 1:2");
        assertThat(routes.sm(1 * 8 + 2)).isSameAs(second);
    }

    @Test
    void aDeadSemaphoreLeavesItsSlotAndStopsItsRoute()
    {
        final Sm a = sm(40);
        attach(a, 2, 3);
        a.destroyed();
        assertThat(routes.sm(2 * 8 + 3)).isNull();
        assertThat(a.routedCpu()).isEqualTo(-1);
        assertThat(hardware.log).containsExactly("program 40 to 2:3", "unprogram 40");
    }

    @Test
    void aDeadSemaphoreThatNeverAttachedChangesNothing()
    {
        final Sm first = sm(40);
        final Sm second = sm(40);
        attach(first, 0, 1);
        second.destroyed();
        assertThat(routes.sm(1)).isSameAs(first);
        assertThat(hardware.log).containsExactly("program 40 to 0:1");
    }

    @Test
    void routesBeyondTheFirstBlockOfTwoToTheSixteenAreKeptApart()
    {
        final Sm low = sm(5);
        final Sm high = sm(3L << 16 | 5);
        attach(low, 0, 1);
        attach(high, 0, 2);
        detach(high, 0, 2);
        assertThat(hardware.log).containsExactly("program 5 to 0:1", "program 196613 to 0:2", "unprogram 196613");
    }

    @Test
    void aSlotBeyondTheTableIsBadParAndAnInterruptThereFindsNobody()
    {
        final Sm a = sm(40);
        assertThat(attach(a, CPUS, 0)).isEqualTo(Status.BAD_PAR); // slot 32 of a 32-slot table
        assertThat(a.routedCpu()).isEqualTo(-1);
        assertThat(hardware.log).isEmpty();
        assertThat(routes.sm(CPUS * 8)).isNull();
        assertThat(routes.sm(-1)).isNull();
    }
}
