// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The test resources: a JMH result file trimmed from a real run, and a small demo --json file. */
final class Fixtures
{
    private Fixtures()
    {
    }

    /** @return the text of a resource beside this class */
    static String text(final String name)
    {
        try (InputStream in = Fixtures.class.getResourceAsStream(name))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the resource copied into {@code dir} */
    static Path copy(final String name, final Path dir) throws IOException
    {
        return Files.writeString(dir.resolve(name), text(name));
    }
}
