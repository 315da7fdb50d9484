// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.acpi;

import java.nio.charset.StandardCharsets;

import org.novaemu.mem.PhysicalMemory;

/**
 * Writes the ACPI tables a machine's firmware provides, and finds them again as the kernel does (ACPI 6.5,
 * 5.2.5 to 5.2.9): an RSDP of revision 2 pointing to an XSDT whose one entry is a FADT of revision 6. Only
 * the FADT's 32-bit block fields are filled (its X_ fields stay 0, which ACPI allows for I/O-port blocks
 * below 64 KiB). A reader checks signatures, lengths and checksums and ignores tables that fail them.
 */
public final class AcpiTables
{
    /** The bytes the three tables take from the RSDP's address on. */
    public static final int SIZE = 0x200;

    private static final int RSDP_LENGTH = 36;
    private static final int HEADER = 36;
    private static final int XSDT_OFFSET = 0x40;
    private static final int FADT_OFFSET = 0x80;
    private static final int FADT_LENGTH = 276;
    private static final int MAX_TABLE = 0x10000;

    private AcpiTables()
    {
    }

    /**
     * Writes the RSDP at {@code at}, the XSDT and the FADT after it.
     *
     * @param memory the machine's memory
     * @param at the RSDP's address, 16-byte aligned
     * @param fadt the power-management blocks
     * @return the RSDP's address
     */
    public static long write(final PhysicalMemory memory, final long at, final Fadt fadt)
    {
        if ((at & 15) != 0)
        {
            throw new IllegalArgumentException("at must be 16-byte aligned, was 0x" + Long.toHexString(at));
        }
        final byte[] b = new byte[SIZE];
        ascii(b, 0, "RSD PTR ");
        ascii(b, 9, "NOVAEM");
        b[15] = 2;                                    // revision 2: the XSDT exists
        put(b, 20, 4, RSDP_LENGTH);
        put(b, 24, 8, at + XSDT_OFFSET);
        b[8] = checksum(b, 0, 20);
        b[32] = checksum(b, 0, RSDP_LENGTH);
        header(b, XSDT_OFFSET, "XSDT", HEADER + 8, 1);
        put(b, XSDT_OFFSET + HEADER, 8, at + FADT_OFFSET);
        b[XSDT_OFFSET + 9] = checksum(b, XSDT_OFFSET, HEADER + 8);
        header(b, FADT_OFFSET, "FACP", FADT_LENGTH, 6);
        put(b, FADT_OFFSET + 48, 4, fadt.smiCmd());
        put(b, FADT_OFFSET + 64, 4, fadt.pm1aCnt());
        put(b, FADT_OFFSET + 68, 4, fadt.pm1bCnt());
        put(b, FADT_OFFSET + 72, 4, fadt.pm2Cnt());
        if (fadt.resetPort() != 0)
        {
            put(b, FADT_OFFSET + 112, 4, 1 << 10);                // flags: RESET_REG_SUP
            b[FADT_OFFSET + 116] = 1;                             // RESET_REG: system I/O space,
            b[FADT_OFFSET + 117] = 8;                             // 8 bits wide, at bit 0,
            b[FADT_OFFSET + 119] = 1;                             // byte access,
            put(b, FADT_OFFSET + 120, 8, fadt.resetPort());       // at this port
            b[FADT_OFFSET + 128] = (byte) fadt.resetValue();
        }
        b[FADT_OFFSET + 89] = (byte) fadt.pm1CntLen();
        b[FADT_OFFSET + 90] = (byte) fadt.pm2CntLen();
        b[FADT_OFFSET + 9] = checksum(b, FADT_OFFSET, FADT_LENGTH);
        memory.writeBytes(at, b, 0, b.length);
        return at;
    }

    /**
     * Finds the FADT from an RSDP, as the kernel does at boot.
     *
     * @param memory the machine's memory
     * @param rsdp the RSDP's address
     * @return the FADT's power-management blocks, or null if the tables are missing or malformed
     */
    public static Fadt find(final PhysicalMemory memory, final long rsdp)
    {
        final byte[] r = read(memory, rsdp, RSDP_LENGTH);
        if (!"RSD PTR ".equals(new String(r, 0, 8, StandardCharsets.US_ASCII)) || checksum(r, 0, 20) != 0
            || r[15] < 2 || checksum(r, 0, RSDP_LENGTH) != 0)
        {
            return null;
        }
        final long xsdt = get(r, 24, 8);
        final byte[] x = table(memory, xsdt, "XSDT");
        for (int i = HEADER; x != null && i + 8 <= x.length; i += 8)
        {
            final byte[] f = table(memory, get(x, i, 8), "FACP");
            if (f != null && f.length >= 91)
            {
                // RESET_REG counts only with RESET_REG_SUP and in system I/O space (ACPI 6.5, 4.8.3.6).
                final boolean reset = f.length >= 129 && (get(f, 112, 4) & 1 << 10) != 0 && f[116] == 1
                    && get(f, 120, 8) > 0 && get(f, 120, 8) <= 0xffff;
                return new Fadt((int) get(f, 48, 4) & 0xffff, (int) get(f, 64, 4) & 0xffff,
                    (int) get(f, 68, 4) & 0xffff, (int) get(f, 72, 4) & 0xffff, f[89] & 0xff, f[90] & 0xff,
                    reset ? (int) get(f, 120, 8) : 0, reset ? f[128] & 0xff : 0);
            }
        }
        return null;
    }

    /** A whole table with the signature, its length sane and its checksum 0; otherwise null. */
    private static byte[] table(final PhysicalMemory memory, final long at, final String signature)
    {
        if (at <= 0 || at + HEADER > PhysicalMemory.LIMIT)
        {
            return null;
        }
        final byte[] h = read(memory, at, HEADER);
        final long length = get(h, 4, 4);
        if (!signature.equals(new String(h, 0, 4, StandardCharsets.US_ASCII)) || length < HEADER
            || length > MAX_TABLE || at + length > PhysicalMemory.LIMIT)
        {
            return null;
        }
        final byte[] t = read(memory, at, (int) length);
        return checksum(t, 0, t.length) == 0 ? t : null;
    }

    private static void header(final byte[] b, final int at, final String signature, final int length,
                               final int revision)
    {
        ascii(b, at, signature);
        put(b, at + 4, 4, length);
        b[at + 8] = (byte) revision;
        ascii(b, at + 10, "NOVAEM");
        ascii(b, at + 16, "NOVAEMU ");
        put(b, at + 24, 4, 1);
        ascii(b, at + 28, "JAVA");
        put(b, at + 32, 4, 1);
    }

    private static byte[] read(final PhysicalMemory memory, final long at, final int length)
    {
        final byte[] b = new byte[length];
        memory.readBytes(at, b, 0, length);
        return b;
    }

    private static void ascii(final byte[] b, final int at, final String s)
    {
        final byte[] a = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(a, 0, b, at, a.length);
    }

    private static void put(final byte[] b, final int at, final int size, final long v)
    {
        for (int i = 0; i < size; i++)
        {
            b[at + i] = (byte) (v >>> 8 * i);
        }
    }

    private static long get(final byte[] b, final int at, final int size)
    {
        long v = 0;
        for (int i = size - 1; i >= 0; i--)
        {
            v = v << 8 | b[at + i] & 0xff;
        }
        return v;
    }

    /** The byte that makes {@code b[at, at + length)} sum to 0 with the checksum byte counted as 0. */
    private static byte checksum(final byte[] b, final int at, final int length)
    {
        int sum = 0;
        for (int i = 0; i < length; i++)
        {
            sum += b[at + i];
        }
        return (byte) -sum;
    }
}
