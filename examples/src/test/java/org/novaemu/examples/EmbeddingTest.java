// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class EmbeddingTest
{
    @Test
    void readmeExampleDoesWhatTheReadmeSays()
    {
        final PrintStream saved = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try
        {
            Embedding.main(new String[0]);
        }
        finally
        {
            System.setOut(saved);
        }
        // Ten wake-ups at 1,000 ... 10,000 cycles; the last one's handler ends at 10,100.
        assertThat(out.toString(StandardCharsets.UTF_8))
            .startsWith("t=20000 cycles, 10 wake-ups, RAM[0x1000]=9, CPU at 10100, digest ");
    }
}
