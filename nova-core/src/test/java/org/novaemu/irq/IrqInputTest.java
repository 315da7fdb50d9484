// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.irq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.sim.Engine;

class IrqInputTest
{
    private final Engine engine = Engine.builder().build();
    private final IrqLine line = new IrqLine("dev", 0, engine.trace());
    private int notified;

    private IrqInput input(final Trigger trigger)
    {
        final IrqInput in = new IrqInput(5, trigger, tag -> {
            assertThat(tag).isEqualTo(5);
            notified++;
        });
        line.connect(in, 0);
        return in;
    }

    @Test
    void edgeLatchesUntilAcknowledgedWhateverTheLevelDoes()
    {
        final IrqInput in = input(Trigger.EDGE);
        line.pulse();
        assertThat(in.deliverable()).isTrue();
        assertThat(notified).isEqualTo(1);
        line.pulse(); // a second edge before service coalesces
        assertThat(in.acknowledge()).isTrue();
        assertThat(in.deliverable()).isFalse();
        assertThat(in.acknowledge()).isFalse();
        line.raise(); // a rising edge latches again ...
        assertThat(in.acknowledge()).isTrue();
        notified = 0;
        in.endOfInterrupt(); // ... but a level held high after it does not re-trigger an edge input
        assertThat(in.pending()).isFalse();
        assertThat(in.acknowledge()).isFalse();
        assertThat(notified).isZero();
    }

    @Test
    void levelStaysPendingWhileHighAndReassertsAfterEndOfInterrupt()
    {
        final IrqInput in = input(Trigger.LEVEL);
        line.raise();
        assertThat(in.acknowledge()).isTrue();
        assertThat(in.inService()).isTrue();
        assertThat(in.deliverable()).isFalse();
        notified = 0;
        in.endOfInterrupt();
        assertThat(notified).isEqualTo(1); // still high: asks again
        assertThat(in.acknowledge()).isTrue();
        line.lower();
        in.endOfInterrupt();
        assertThat(in.deliverable()).isFalse();
        assertThat(notified).isEqualTo(1);
    }

    @Test
    void maskingHoldsBackWithoutLosing()
    {
        final IrqInput edge = input(Trigger.EDGE);
        edge.setMasked(true);
        line.pulse();
        assertThat(edge.pending()).isTrue();
        assertThat(edge.deliverable()).isFalse();
        assertThat(edge.acknowledge()).isFalse();
        assertThat(notified).isZero();
        edge.setMasked(false);
        assertThat(notified).isEqualTo(1);
        assertThat(edge.acknowledge()).isTrue();
    }

    @Test
    void anInputThatDoesNotLatchWhileMaskedLosesTheEdge()
    {
        final IrqInput edge = new IrqInput(5, Trigger.EDGE, false, tag -> notified++);
        line.connect(edge, 0);
        edge.setMasked(true);
        line.pulse();
        assertThat(edge.pending()).isFalse();
        edge.setMasked(false);
        assertThat(notified).isZero();
        line.pulse();
        assertThat(notified).isEqualTo(1); // an edge after the unmask is delivered
        assertThat(edge.acknowledge()).isTrue();
    }

    @Test
    void maskedLevelThatDropsIsGone()
    {
        final IrqInput level = input(Trigger.LEVEL);
        level.setMasked(true);
        line.raise();
        line.lower();
        level.setMasked(false);
        assertThat(level.deliverable()).isFalse();
        assertThat(notified).isZero();
    }

    @Test
    void switchingToLevelDropsALatchedEdge()
    {
        final IrqInput in = input(Trigger.EDGE);
        line.pulse();
        in.setTrigger(Trigger.LEVEL);
        assertThat(in.pending()).isFalse();
        line.raise();
        assertThat(in.acknowledge()).isTrue();
        in.setTrigger(Trigger.EDGE); // leaving level mode ends service
        assertThat(in.inService()).isFalse();
        assertThat(in.trigger()).isEqualTo(Trigger.EDGE);
    }
}
