// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu.v2;

import java.util.Arrays;

/**
 * Stream mapping (IHI 0062D, stream matching; SMMU_SMRn and SMMU_S2CRn): the stream match registers (SMRn: VALID, MASK,
 * ID) and the stream-to-context registers (S2CRn) of every stream mapping group, and the lookup of a transaction's
 * StreamID against every valid SMR: a StreamID matches SMRn when it equals ID in every bit MASK does not ignore.
 *
 * <p>The outcome of each StreamID's match (the group's index, no match, or a conflict) is cached in a table of
 * 2^{@value #SID_BITS} entries, so a transaction looks up one array element; every SMR write drops the whole
 * cache, and an S2CR write needs nothing dropped since the group's S2CR is read on each transaction (decision
 * A163). StreamIDs of {@value #SID_BITS} bits or more match no SMR (sIDR0.NUMSIDB is 15).
 */
final class StreamMatch
{
    /** StreamID bits (sIDR0.NUMSIDB; no extended StreamIDs). */
    static final int SID_BITS = 15;
    /** A StreamID no valid SMR matches. */
    static final int NO_MATCH = -1;
    /** A StreamID more than one valid SMR matches, with sCR0.SMCFCFG 1. */
    static final int CONFLICT = -2;
    private static final int UNKNOWN = -3;
    private static final int SMR_STORED = (int) (Smmuv2Register.SMR_VALID.mask() | Smmuv2Register.SMR_MASK.mask()
        | Smmuv2Register.SMR_ID.mask());

    private final int[] smr;
    private final int[] s2cr;
    private final int[] cache = new int[1 << SID_BITS];
    private boolean conflictFaults;

    /** @param groups the stream mapping groups (sIDR0.NUMSMRG), SMRs invalid and S2CRs faulting (A162) */
    StreamMatch(final int groups)
    {
        smr = new int[groups];
        s2cr = new int[groups];
        Arrays.fill(s2cr, (int) Smmuv2Register.S2CR_TYPE.encode(Smmuv2Register.S2CR_FAULT));
        Arrays.fill(cache, UNKNOWN);
    }

    /** @return the number of groups */
    int groups()
    {
        return smr.length;
    }

    /** @param on sCR0.SMCFCFG: whether several matches are a conflict, else the lowest group wins (A164) */
    void conflictFaults(final boolean on)
    {
        if (on != conflictFaults)
        {
            conflictFaults = on;
            Arrays.fill(cache, UNKNOWN);
        }
    }

    /**
     * @param sid a StreamID
     * @return the index of the one group whose SMR matches it, {@link #NO_MATCH} or {@link #CONFLICT}
     */
    int lookup(final int sid)
    {
        if (sid >>> SID_BITS != 0)
        {
            return NO_MATCH; // bits the SMRs cannot hold
        }
        final int hit = cache[sid];
        return hit != UNKNOWN ? hit : (cache[sid] = match(sid));
    }

    /** The scan behind a cache miss: every valid SMR, in group order. */
    private int match(final int sid)
    {
        int found = NO_MATCH;
        for (int n = 0; n < smr.length; n++)
        {
            final int r = smr[n];
            if (r < 0 && ((sid ^ r) & ~(r >>> 16) & (1 << SID_BITS) - 1) == 0) // VALID is bit 31
            {
                if (found != NO_MATCH)
                {
                    return conflictFaults ? CONFLICT : found;
                }
                found = n;
            }
        }
        return found;
    }

    /**
     * @param n a group
     * @return its SMR
     */
    int smr(final int n)
    {
        return smr[n];
    }

    /**
     * @param n a group
     * @param v the SMR's new value: VALID, MASK and ID stored, bit 15 RES0
     */
    void writeSmr(final int n, final int v)
    {
        smr[n] = v & SMR_STORED;
        Arrays.fill(cache, UNKNOWN);
    }

    /**
     * @param n a group
     * @return its S2CR
     */
    int s2cr(final int n)
    {
        return s2cr[n];
    }

    /**
     * @param n a group
     * @param v the S2CR's new value; a TYPE of 0b11 (reserved) is stored and faults as 0b10 does
     */
    void writeS2cr(final int n, final int v)
    {
        s2cr[n] = v & Smmuv2Register.S2CR_STORED;
    }
}
