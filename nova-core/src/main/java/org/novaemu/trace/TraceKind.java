// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.trace;

/**
 * The kind of a trace record. Each module declares its kinds as an enum implementing this interface; the
 * {@link #code()} goes into the trace digest, so it must be stable across releases and unique across
 * modules. Ranges: {@code 0x000-0x0ff} simulation kernel ({@link CoreTrace}), {@code 0x100-0x1ff} NOVA kernel,
 * {@code 0x200-0x2ff} x86 platform, {@code 0x300-0x3ff} Arm platform, {@code 0x400-0x4ff} devices,
 * {@code 0x800} and up for users.
 */
public interface TraceKind
{
    /** @return the stable numeric code of this kind */
    int code();

    /** @return a short name for printing */
    String name();
}
