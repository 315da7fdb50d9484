// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

/**
 * NOVA's x86 vector layout of 2026 ({@code inc/x86_64/vectors.hpp}): 32 exceptions, then one vector per
 * SM-table slot, then the kernel's own vectors (IPIs, local APIC interrupts, the IOMMU's fault event) at
 * the top. The interrupt entry dispatches by these ranges.
 */
public final class Vectors
{
    /** The first device vector: SM-table slot 0. */
    public static final int VEC_GSI = 32;
    /** Slots per CPU (NUM_GSI, VEC_NUM in the HIP): vectors 32 to 246. */
    public static final int SLOTS = 215;
    /** The remote run queue IPI: the first kernel vector. */
    public static final int VEC_RRQ = 0xf7;
    /** The remote kernel entry IPI. */
    public static final int VEC_RKE = 0xf8;
    /** The local APIC timer (TSC-deadline). */
    public static final int VEC_TIMER = 0xf9;
    /** The local APIC's error interrupt. */
    public static final int VEC_ERROR = 0xfa;
    /** The IOMMU's fault event. */
    public static final int VEC_FAULT = 0xfe;
    /** The spurious vector (SVR[7:0]); it gets no EOI (SDM 3A, 11.9). */
    public static final int VEC_SPURIOUS = 0xff;

    private Vectors()
    {
    }
}
