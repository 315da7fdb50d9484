// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class X86ScenarioTest
{
    @Test
    void readmeScenarioDoesWhatTheReadmeSays()
    {
        final PrintStream saved = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            X86Scenario.main(new String[0]);
        }
        finally
        {
            System.setOut(saved);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).trim())
            .isEqualTo("MSI fee00018/100, raised at 200000, root woke at 200400 (400 cycles later)");
    }
}
