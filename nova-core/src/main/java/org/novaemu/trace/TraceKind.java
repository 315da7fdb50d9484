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

    /** @return how exporters show records of this kind; an instant on the CPU's track unless overridden */
    default TraceRole role()
    {
        return TraceRole.INSTANT;
    }

    /** @return the names of the arguments a, b and c, separated by single spaces, for exporters */
    default String argNames()
    {
        return "a b c";
    }

    /**
     * The name an exporter gives one record: the kind's name unless the kind knows better (a hypercall's slice
     * is named after its number).
     *
     * @param a the first argument
     * @param b the second argument
     * @param c the third argument
     * @return the label
     */
    default String label(final long a, final long b, final long c)
    {
        return name();
    }

    /**
     * What an enum of kinds states per constant: its code, its role and its argument names.
     *
     * @param code the stable numeric code
     * @param role how exporters show records of the kind
     * @param argNames the names of the arguments a, b and c, separated by single spaces
     */
    record Spec(int code, TraceRole role, String argNames)
    {
    }

    /** A kind whose constants each carry a {@link Spec}: one field per enum instead of three and their getters. */
    interface Described extends TraceKind
    {
        /** @return the kind's code, role and argument names */
        Spec spec();

        @Override
        default int code()
        {
            return spec().code();
        }

        @Override
        default TraceRole role()
        {
            return spec().role();
        }

        @Override
        default String argNames()
        {
            return spec().argNames();
        }
    }
}
