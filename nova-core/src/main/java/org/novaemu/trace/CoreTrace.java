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

    /**
     * Exporters hide the engine's events, run quanta and MMIO accesses (too many to look at; they stay in the
     * ring, the file and the digest), put DMA and MSIs on the requester's track and the rest on the CPU's.
     */
    @Override
    public TraceRole role()
    {
        return switch (this)
        {
            case EVENT, CPU_RUN, MMIO_READ, MMIO_WRITE -> TraceRole.HIDDEN;
            case DMA_READ, DMA_WRITE, DMA_FAULT, MSI -> TraceRole.DEVICE;
            default -> TraceRole.INSTANT;
        };
    }

    @Override
    public String argNames()
    {
        return switch (this)
        {
            case DMA_READ, DMA_WRITE -> "requester address size";
            case DMA_FAULT -> "requester address write";
            case MSI -> "requester address data";
            case IRQ_LINE -> "line level c";
            case MMIO_READ, MMIO_WRITE, BAD_ACCESS -> "address size value";
            default -> "a b c";
        };
    }

    @Override
    public int code()
    {
        return code;
    }
}
