// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.acpi;

import org.novaemu.util.Require;

/**
 * The I/O ports of the Fixed ACPI Description Table's power-management blocks that NOVA protects
 * (ACPI 6.5, 5.2.9; NOVA specification 8.4.2): SMI_CMD, PM1a_CNT, PM1b_CNT and PM2_CNT. A port of 0 means
 * the block does not exist.
 *
 * @param smiCmd the SMI command port (1 byte), or 0
 * @param pm1aCnt the PM1a control block (PM1_CNT_LEN bytes), or 0
 * @param pm1bCnt the PM1b control block, or 0
 * @param pm2Cnt the PM2 control block (PM2_CNT_LEN bytes), or 0
 * @param pm1CntLen the length of a PM1 control block: 2 or more when one exists
 * @param pm2CntLen the length of the PM2 control block: 1 or more when it exists
 * @param resetPort the I/O port of the reset register (RESET_REG, FADT flag RESET_REG_SUP), or 0 for none
 * @param resetValue the value that resets the platform when written there (RESET_VALUE)
 */
public record Fadt(int smiCmd, int pm1aCnt, int pm1bCnt, int pm2Cnt, int pm1CntLen, int pm2CntLen, int resetPort,
                   int resetValue)
{
    /**
     * The blocks of a Q35/ICH9 chipset, power-management base 0x600, as firmware describes them, with the
     * reset control register at 0xCF9 (value 0x06: full reset).
     */
    public static final Fadt ICH9 = new Fadt(0xb2, 0x604, 0, 0x650, 2, 1, 0xcf9, 0x06);

    /**
     * Blocks without a reset register.
     *
     * @param smiCmd the SMI command port, or 0
     * @param pm1aCnt the PM1a control block, or 0
     * @param pm1bCnt the PM1b control block, or 0
     * @param pm2Cnt the PM2 control block, or 0
     * @param pm1CntLen the PM1 control block length
     * @param pm2CntLen the PM2 control block length
     */
    public Fadt(final int smiCmd, final int pm1aCnt, final int pm1bCnt, final int pm2Cnt, final int pm1CntLen,
                final int pm2CntLen)
    {
        this(smiCmd, pm1aCnt, pm1bCnt, pm2Cnt, pm1CntLen, pm2CntLen, 0, 0);
    }

    /**
     * Checks the ports and lengths.
     *
     * @param smiCmd the SMI command port, or 0
     * @param pm1aCnt the PM1a control block, or 0
     * @param pm1bCnt the PM1b control block, or 0
     * @param pm2Cnt the PM2 control block, or 0
     * @param pm1CntLen the PM1 control block length
     * @param pm2CntLen the PM2 control block length
     * @param resetPort the reset register's port, or 0
     * @param resetValue the reset value, 0 to 255
     */
    public Fadt
    {
        Require.inRange("resetPort", resetPort, 0, 0xffff);
        Require.inRange("resetValue", resetValue, 0, 0xff);
        Require.inRange("smiCmd", smiCmd, 0, 0xffff);
        Require.inRange("pm1aCnt", pm1aCnt, 0, 0xffff);
        Require.inRange("pm1bCnt", pm1bCnt, 0, 0xffff);
        Require.inRange("pm2Cnt", pm2Cnt, 0, 0xffff);
        Require.inRange("pm1CntLen", pm1CntLen, pm1aCnt != 0 || pm1bCnt != 0 ? 2 : 0, 0xff);
        Require.inRange("pm2CntLen", pm2CntLen, pm2Cnt != 0 ? 1 : 0, 0xff);
    }

    /**
     * @param port an I/O port
     * @return whether it belongs to SMI_CMD or one of the control blocks, the ports NOVA's PIO space withholds
     */
    public boolean protects(final int port)
    {
        return smiCmd != 0 && port == smiCmd
            || within(port, pm1aCnt, pm1CntLen) || within(port, pm1bCnt, pm1CntLen) || within(port, pm2Cnt, pm2CntLen);
    }

    private static boolean within(final int port, final int base, final int length)
    {
        return base != 0 && port >= base && port < base + length;
    }
}
