// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The kinds of kernel object a capability can refer to, with the permission bits each defines
 * (specification, "Capability Permissions"). Spaces are PD-type objects in NOVA; their kinds carry the
 * {@code create_pd} OP that creates them.
 */
public enum Kind
{
    /** Protection domain: PD, EC, SC, PT, SM, DC (bits 0 to 5). */
    PD(0, 0x3f),
    /** Object space: GRANT, TAKE. */
    OBJ(1, 0x03),
    /** Host memory space: GRANT, TAKE. */
    HST(2, 0x03),
    /** Guest memory space: GRANT, ASSIGN. */
    GST(3, 0x05),
    /** DMA memory space: GRANT, ASSIGN. */
    DMA(4, 0x05),
    /** Port I/O space (x86): GRANT, TAKE, ASSIGN. */
    PIO(5, 0x07),
    /** MSR space (x86): GRANT, TAKE, ASSIGN. */
    MSR(6, 0x07),
    /** Execution context: CTRL, BINDPT, BINDSC (bits 0, 2, 3). */
    EC(-1, 0x0d),
    /** Scheduling context: CTRL. */
    SC(-1, 0x01),
    /** Portal: CTRL, CALL, EVENT. */
    PT(-1, 0x07),
    /** Semaphore: CTRLUP, CTRLDN, and ASSIGN for interrupt semaphores. */
    SM(-1, 0x07),
    /** Device context: ASSIGN_DEV, ASSIGN_INT. */
    DC(-1, 0x03);

    private static final Kind[] BY_OP = {PD, OBJ, HST, GST, DMA, PIO, MSR};

    private final int op;
    private final int perms;

    Kind(final int op, final int perms)
    {
        this.op = op;
        this.perms = perms;
    }

    /** @return the {@code create_pd} OP that creates this kind, or -1 */
    public int op()
    {
        return op;
    }

    /** @return every permission bit this kind defines */
    public int perms()
    {
        return perms;
    }

    /** @return whether this is a space (OBJ, HST, GST, DMA, PIO, MSR) */
    public boolean isSpace()
    {
        return op > 0;
    }

    /**
     * @param op a {@code create_pd} OP
     * @return the kind it creates, or null for an undefined OP
     */
    public static Kind ofOp(final int op)
    {
        return op >= 0 && op < BY_OP.length ? BY_OP[op] : null;
    }
}
