// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.irq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.novaemu.sim.Engine;
import org.novaemu.trace.CoreTrace;

class IrqLineTest
{
    private final Engine engine = Engine.builder().tracing(true).build();
    private final IrqLine line = new IrqLine("timer", 3, engine.trace());
    private final List<String> heard = new ArrayList<>();

    IrqLineTest()
    {
        line.connect((tag, level) -> heard.add("a" + tag + "=" + level), 7);
        line.connect((tag, level) -> heard.add("b" + tag + "=" + level), 9);
    }

    @Test
    void listenersHearOnlyChangesInConnectionOrder()
    {
        line.raise();
        line.raise();
        line.lower();
        line.lower();
        assertThat(heard).containsExactly("a7=true", "b9=true", "a7=false", "b9=false");
        assertThat(engine.trace().count(CoreTrace.IRQ_LINE)).isEqualTo(2);
    }

    @Test
    void aListenerThatLowersTheLineLeavesNoStaleLevelForTheOthers()
    {
        final IrqLine shared = new IrqLine("isa", 1, engine.trace());
        shared.connect((tag, level) -> {
            heard.add("first=" + level);
            if (level)
            {
                shared.lower(); // the device clears its status as soon as the interrupt is taken
            }
        }, 0);
        shared.connect((tag, level) -> heard.add("second=" + level), 1);
        shared.raise();
        assertThat(heard).containsExactly("first=true", "first=false", "second=false");
        assertThat(shared.level()).isFalse();
    }

    @Test
    void pulseIsARisingAndAFallingEdge()
    {
        line.pulse();
        assertThat(heard).containsExactly("a7=true", "b9=true", "a7=false", "b9=false");
        assertThat(line.level()).isFalse();
        heard.clear();
        line.raise();
        line.pulse(); // no edge on a line that is already high
        assertThat(heard).containsExactly("a7=true", "b9=true");
        assertThat(line.level()).isTrue();
    }
}
