// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * An MSR space (x86): R and W permission bits for the MSRs the VMX MSR bitmap covers,
 * 0x0000_0000 to 0x0000_1FFF and 0xC000_0000 to 0xC000_1FFF; every other selector is invalid.
 */
public final class SpaceMsr extends PermSpace
{
    /** The number of MSRs in each of the two ranges. */
    public static final int RANGE = 0x2000;
    /** The first MSR of the high range. */
    public static final long HIGH = 0xc000_0000L;

    private final byte[] perms = new byte[2 * RANGE];

    SpaceMsr(final Pd owner)
    {
        super(Kind.MSR, owner);
    }

    /**
     * @param msr an MSR number
     * @return whether the space has a selector for it
     */
    public static boolean valid(final long msr)
    {
        return msr >= 0 && msr < RANGE || msr >= HIGH && msr < HIGH + RANGE;
    }

    /**
     * @param msr an MSR number
     * @return its permissions, R (1) and W (2); 0 for an invalid selector
     */
    @Override
    public int perms(final long msr)
    {
        return valid(msr) ? perms[index(msr)] : 0;
    }

    @Override
    void set(final long msr, final int p)
    {
        perms[index(msr)] = (byte) (p & 3);
    }

    private static int index(final long msr)
    {
        return msr < RANGE ? (int) msr : RANGE + (int) (msr - HIGH);
    }

    /** An aligned block lies inside the space exactly when its last MSR is valid. */
    @Override
    boolean holds(final long first, final long count)
    {
        return valid(first + count - 1);
    }
}
