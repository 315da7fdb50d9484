// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import org.novaemu.util.BitField;

/**
 * The IOTLB invalidate descriptor (Intel VT-d specification 6.5.2.3): type 2, granularity [5:4], drain
 * writes [6] and reads [7] (the unit drains nothing: it has no queues), domain ID [31:16]; high 64 bits:
 * address mask [5:0], invalidation hint [6] (ignored) and address [63:12]. The granularities are the
 * IOTLB register's as well (10.4.8.1).
 *
 * @param granularity {@link #GLOBAL}, {@link #DOMAIN} or {@link #PAGE}
 * @param domainId the domain (domain- and page-selective)
 * @param address the first page's address (page-selective)
 * @param addressMask {@code 2^addressMask} pages from {@code address}, aligned (page-selective)
 */
public record IotlbInvalidation(int granularity, int domainId, long address, int addressMask)
    implements InvalidationDescriptor
{
    /** Granularity: every entry. */
    public static final int GLOBAL = 1;
    /** Granularity: the entries of one domain. */
    public static final int DOMAIN = 2;
    /** Granularity: pages of one domain. */
    public static final int PAGE = 3;

    /** Low: granularity. */
    public static final BitField G = new BitField("G", 4, 2);
    /** Low: domain ID. */
    public static final BitField DID = new BitField("DID", 16, 16);
    /** High: address mask. */
    public static final BitField AM = new BitField("AM", 0, 6);
    /** High: address. */
    public static final BitField ADDR = new BitField("ADDR", 12, 52);

    /**
     * @param domainId the domain
     * @return a domain-selective invalidation
     */
    public static IotlbInvalidation domain(final int domainId)
    {
        return new IotlbInvalidation(DOMAIN, domainId, 0, 0);
    }

    @Override
    public long low()
    {
        return IOTLB | G.encode(granularity) | DID.encode(domainId);
    }

    @Override
    public long high()
    {
        return address & ADDR.mask() | AM.encode(addressMask);
    }

    /**
     * @param low a descriptor's low 64 bits
     * @return its granularity
     */
    public static int granularity(final long low)
    {
        return (int) G.extract(low);
    }

    /**
     * @param low a descriptor's low 64 bits
     * @return its domain ID
     */
    public static int domainId(final long low)
    {
        return (int) DID.extract(low);
    }

    /**
     * @param high a descriptor's high 64 bits
     * @return its address
     */
    public static long address(final long high)
    {
        return high & ADDR.mask();
    }

    /**
     * @param high a descriptor's high 64 bits
     * @return its address mask
     */
    public static int addressMask(final long high)
    {
        return (int) AM.extract(high);
    }
}
