// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.nova;

/**
 * One device's ITT on one ITS, as NOVA's {@code Dc_state} holds it ({@code gits}, {@code did}, {@code itt}): the
 * 4 KiB page MAPD gave the DeviceID when the first DC naming it was created, the DCs that share it (A181), and
 * which LPI each of its events is mapped to, so that a MAPTI over another LPI's event and the DC's death leave no
 * stale route behind (A183). A DC carries its ITT as its platform state, so an assign finds it in O(1).
 */
final class Itt
{
    /** An event mapped to no LPI. */
    static final int NONE = -1;

    private final Gits gits;
    private final int did;
    private final int page;
    /** The LPI of each EventID (INTID - 8192), plus one; 0 for none. */
    private final char[] lpis;
    private int refs = 1;

    Itt(final Gits gits, final int did, final int page, final int events)
    {
        this.gits = gits;
        this.did = did;
        this.page = page;
        this.lpis = new char[events];
    }

    /** @return the ITS whose device table maps it */
    Gits gits()
    {
        return gits;
    }

    /** @return the DeviceID */
    int did()
    {
        return did;
    }

    /** @return the index of its page in the driver's ITT pages */
    int page()
    {
        return page;
    }

    /** @return how many EventIDs it covers */
    int events()
    {
        return lpis.length;
    }

    /** Another DC names the DeviceID: it shares the ITT. */
    void share()
    {
        refs++;
    }

    /** @return whether that was the last DC naming the DeviceID */
    boolean release()
    {
        return --refs == 0;
    }

    /**
     * @param eid an EventID below {@link #events()}
     * @return the LPI (INTID - 8192) the event is mapped to, or {@link #NONE}
     */
    int lpi(final int eid)
    {
        return lpis[eid] - 1;
    }

    /**
     * @param eid an EventID below {@link #events()}
     * @param lpi the LPI (INTID - 8192) MAPTI mapped it to, or {@link #NONE} after DISCARD
     */
    void set(final int eid, final int lpi)
    {
        lpis[eid] = (char) (lpi + 1);
    }
}
