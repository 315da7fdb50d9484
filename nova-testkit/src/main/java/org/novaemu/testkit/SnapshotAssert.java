// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.util.List;

import org.assertj.core.api.AbstractAssert;

/** Assertions comparing an {@link ObjectSpaceSnapshot} with a later one. */
public final class SnapshotAssert extends AbstractAssert<SnapshotAssert, ObjectSpaceSnapshot>
{
    SnapshotAssert(final ObjectSpaceSnapshot actual)
    {
        super(actual, SnapshotAssert.class);
    }

    /**
     * Asserts that nothing changed up to {@code later}, printing the diff otherwise.
     *
     * @param later a later snapshot of the same space
     * @return this
     */
    public SnapshotAssert isUnchangedIn(final ObjectSpaceSnapshot later)
    {
        isNotNull();
        final List<String> diff = actual.diff(later);
        if (!diff.isEmpty())
        {
            failWithMessage("Expected the object space to be unchanged, but:%n  %s", String.join("\n  ", diff));
        }
        return this;
    }
}
