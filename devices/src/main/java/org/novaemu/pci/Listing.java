// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

/**
 * A listing of a segment in the manner of {@code lspci -nv}: one line per function with its address,
 * class, IDs, name, requester ID and bus numbers for bridges, then its BARs and capabilities, read back
 * through configuration space as a guest would see them.
 */
public final class Listing
{
    private Listing()
    {
    }

    /**
     * @param segment a segment
     * @return the listing
     */
    public static String of(final PciSegment segment)
    {
        final StringBuilder out = new StringBuilder();
        for (final PciFunction f : segment.functions())
        {
            final ConfigSpace c = f.config();
            out.append(String.format("%s: %06x %04x:%04x rid %04x", f, c.read(Header.CLASS_CODE.offset(), 3),
                c.read(Header.VENDOR_ID.offset(), 2), c.read(Header.DEVICE_ID.offset(), 2),
                f.requesterId() & 0xffff));
            if (f.isBridge())
            {
                out.append(String.format(" bus %02x-%02x", c.read(Header.SECONDARY_BUS.offset(), 1),
                    c.read(Header.SUBORDINATE_BUS.offset(), 1)));
            }
            final int pin = c.read(Header.INTERRUPT_PIN.offset(), 1);
            if (pin != 0)
            {
                out.append(" INT").append((char) ('A' + pin - 1));
            }
            out.append('\n');
            for (int i = 0; i < (f.isBridge() ? 2 : 6); i++)
            {
                final Bar b = f.barDeclared(i);
                if (b != null)
                {
                    final long at = f.barAddress(i);
                    out.append(String.format("    BAR%d: %s %s size %d%s%n", i, b.kind(), at < 0 ? "unassigned"
                        : String.format("at %#x", at), b.size(), b.prefetchable() ? " prefetchable" : ""));
                }
            }
            for (final Capability cap : f.capabilities())
            {
                out.append(String.format("    [%02x] %s %#x%n", cap.offset(), cap.getClass().getSimpleName(),
                    cap.id()));
            }
        }
        return out.toString();
    }
}
