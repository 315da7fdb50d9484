// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.trace;

/** Trace kinds of the simulation kernel. The arguments of each kind are listed as (a, b, c). */
public enum CoreTrace implements TraceKind
{
    /** An event fired: (arg, fired count, 0). */
    EVENT(0x01),
    /** A CPU ran a quantum: (start time, end time, 1 if it blocked). */
    CPU_RUN(0x02),
    /** A CPU blocked: (wake-up deadline or {@code Long.MAX_VALUE}, 0, 0). */
    CPU_BLOCK(0x03),
    /** A blocked CPU was woken: (its new time, 0, 0). */
    CPU_WAKE(0x04),
    /** A bus read: (address, size, value). */
    MMIO_READ(0x10),
    /** A bus write: (address, size, value). */
    MMIO_WRITE(0x11),
    /** An access to no region, or one its region refuses: (address, size, value or -1 for reads). */
    BAD_ACCESS(0x12),
    /** A DMA read: (requester, address, size). */
    DMA_READ(0x20),
    /** A DMA write: (requester, address, size). */
    DMA_WRITE(0x21),
    /** A DMA access blocked by the translation stage: (requester, address, 1 for a write). */
    DMA_FAULT(0x22),
    /** A message-signalled interrupt: (requester, address, data). */
    MSI(0x30),
    /** A wired interrupt line changed level: (line id, new level, 0). */
    IRQ_LINE(0x31),
    /** Free for scenario scripts and tests: (any, any, any). */
    USER(0x80);

    private final int code;

    CoreTrace(final int code)
    {
        this.code = code;
    }

    @Override
    public int code()
    {
        return code;
    }
}
