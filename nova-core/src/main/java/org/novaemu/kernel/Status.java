// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * Hypercall status codes, returned in bits 7:0 of the first hypercall register (NOVA interface
 * specification, 2025-12-01, "Status Codes"). Values 0xc and above are reserved.
 */
public enum Status
{
    /** The operation completed. */
    SUCCESS(0x0),
    /** A no-wait IPC found its callee busy, or a semaphore down or an SMMU command timed out. */
    TIMEOUT(0x1),
    /** The callee or an object involved died, or a race with a concurrent operation was lost. */
    ABORTED(0x2),
    /** A semaphore up would overflow the counter. */
    OVRFLOW(0x3),
    /** Invalid hypercall number, or a privileged hypercall from outside the root PD. */
    BAD_HYP(0x4),
    /** Wrong object type, missing permission, or a destination selector that is not null. */
    BAD_CAP(0x5),
    /** Invalid parameter. */
    BAD_PAR(0x6),
    /** Feature not supported. */
    BAD_FTR(0x7),
    /** CPU out of range, or an operation across CPUs that must be CPU-local. */
    BAD_CPU(0x8),
    /** Invalid device configuration. */
    BAD_DEV(0x9),
    /** The owner PD has no memory for the object. */
    MEM_OBJ(0xa),
    /** The current PD has no memory for capability storage. */
    MEM_CAP(0xb);

    private static final Status[] BY_CODE = values();

    private final int code;

    Status(final int code)
    {
        this.code = code;
    }

    /** @return the status code */
    public int code()
    {
        return code;
    }

    /**
     * @param code a status code
     * @return the status, or null for a reserved code
     */
    public static Status of(final long code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }
}
