// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.novaemu.trace.ChromeTrace;
import org.novaemu.trace.TraceSink;

/**
 * The demo's {@code --trace FILE}: one Chrome trace event JSON file with a process per architecture run, in the
 * order they run (decision T15). Without a file, no trace: {@link #process} gives null and the run is as before.
 */
final class TraceOutput implements AutoCloseable
{
    private static final TraceOutput NONE = new TraceOutput(null, null);

    private final Writer file;
    private final ChromeTrace chrome;
    private int pid;

    private TraceOutput(final Writer file, final ChromeTrace chrome)
    {
        this.file = file;
        this.chrome = chrome;
    }

    /**
     * @param path the file to write, or null for no trace
     * @return the output
     * @throws UncheckedIOException if the file cannot be created
     */
    static TraceOutput open(final Path path)
    {
        if (path == null)
        {
            return NONE;
        }
        try
        {
            final Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            return new TraceOutput(w, new ChromeTrace(w));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param arch the architecture about to run
     * @return the sink of its machine's trace, a process named after it; null without a file
     */
    TraceSink process(final Arch arch)
    {
        return chrome == null ? null : chrome.process(++pid, "NOVA on " + arch.title(), MsiScenario.CLOCK.hz(), null);
    }

    /** Ends the JSON and closes the file. */
    @Override
    public void close()
    {
        if (chrome == null)
        {
            return;
        }
        chrome.close();
        try
        {
            file.close();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
