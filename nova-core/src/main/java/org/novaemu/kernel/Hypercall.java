// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The hypercall numbers of the 2025-12-01 interface: bits 3:0 of the first hypercall register; bits 7:4
 * hold the call's flags and, for most calls, bits 63:8 an object selector. All sixteen numbers are
 * defined.
 */
public enum Hypercall
{
    /** 0x0: call a portal. Flag T (bit 4): fail with TIMEOUT instead of helping a busy callee. */
    IPC_CALL,
    /** 0x1: reply to the caller and wait for the next call. */
    IPC_REPLY,
    /** 0x2: create a PD (OP 0) or a space (OP 1 to 6); OP in flag bits 7:4. */
    CREATE_PD,
    /** 0x3: create an EC. Flags: G (bit 4) vCPU, T (bit 5) global thread or time offsetting, F (bit 6) FPU. */
    CREATE_EC,
    /** 0x4: create an SC bound to a global EC or vCPU. */
    CREATE_SC,
    /** 0x5: create a portal bound to a local EC. */
    CREATE_PT,
    /** 0x6: create a semaphore. Flag I (bit 4): an interrupt semaphore. */
    CREATE_SM,
    /** 0x7: create a device context. */
    CREATE_DC,
    /** 0x8: delegate capabilities between spaces. */
    CTRL_PD,
    /** 0x9: recall an EC. Flag S (bit 4): strong, wait until observed. */
    CTRL_EC,
    /** 0xa: read an SC's consumed time. */
    CTRL_SC,
    /** 0xb: set a portal's PID and MTD. */
    CTRL_PT,
    /** 0xc: semaphore up or down. Flags: D (bit 4) down, Z (bit 5) down to zero. */
    CTRL_SM,
    /** 0xd: platform control (root PD only); OP in flag bits 7:4. */
    CTRL_HW,
    /** 0xe: attach a device's DMA stream to a DMA space. */
    ASSIGN_DEV,
    /** 0xf: attach or detach an interrupt semaphore and route its interrupt. Flag A (bit 4): attach. */
    ASSIGN_INT;

    private static final Hypercall[] BY_NUMBER = values();

    /** @return the hypercall number, 0 to 15 */
    public int number()
    {
        return ordinal();
    }

    /**
     * @param word the first hypercall register
     * @return the hypercall it names (bits 3:0)
     */
    public static Hypercall of(final long word)
    {
        return BY_NUMBER[(int) word & 0xf];
    }

    /**
     * @param word the first hypercall register
     * @return the flags (bits 7:4), shifted down to bits 3:0
     */
    public static int flags(final long word)
    {
        return (int) (word >>> 4) & 0xf;
    }

    /**
     * @param word the first hypercall register
     * @return the selector (bits 63:8)
     */
    public static long selector(final long word)
    {
        return word >>> 8;
    }

    /**
     * Encodes the first hypercall register.
     *
     * @param flags the flags, 0 to 15
     * @param selector the selector, below 2^56
     * @return the register value
     */
    public long encode(final int flags, final long selector)
    {
        return selector << 8 | (long) (flags & 0xf) << 4 | ordinal();
    }
}
