// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import org.novaemu.bus.IommuFaultLog;

/**
 * Entry points of the kit's AssertJ assertions: {@code import static org.novaemu.testkit.NovaAssertions.assertThat}
 * next to AssertJ's own {@code Assertions.assertThat} (Java picks the overload by the argument's type).
 */
public final class NovaAssertions
{
    private NovaAssertions()
    {
    }

    /**
     * @param actual an interceptor
     * @return assertions on the interrupts and hypercalls it recorded
     */
    public static InterceptorAssert assertThat(final Interceptor actual)
    {
        return new InterceptorAssert(actual);
    }

    /**
     * @param actual a root script's call
     * @return assertions on its status, cost and effect
     */
    public static CallAssert assertThat(final Call actual)
    {
        return new CallAssert(actual);
    }

    /**
     * @param actual a machine's IOMMU fault records ({@code machine.iommuFaults()})
     * @return assertions on what was refused, by which unit, from which source, and why
     */
    public static IommuFaultsAssert assertThat(final IommuFaultLog actual)
    {
        return new IommuFaultsAssert(actual);
    }

    /**
     * @param actual a snapshot of an object space
     * @return assertions comparing it with a later one
     */
    public static SnapshotAssert assertThat(final ObjectSpaceSnapshot actual)
    {
        return new SnapshotAssert(actual);
    }
}
