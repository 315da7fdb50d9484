// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.acpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.novaemu.mem.PhysicalMemory;

/** The RSDP, XSDT and FADT as ACPI 6.5 (5.2.5 to 5.2.9) lays them out, checksums included, and their reader. */
class AcpiTablesTest
{
    private static final long AT = 0xe0000;

    private final PhysicalMemory memory = new PhysicalMemory();

    private int sum(final long from, final int length)
    {
        int s = 0;
        for (int i = 0; i < length; i++)
        {
            s += memory.read(from + i, 1);
        }
        return s & 0xff;
    }

    @Test
    void theTablesCarryTheirSignaturesLengthsAndValidChecksums()
    {
        AcpiTables.write(memory, AT, Fadt.ICH9);
        assertThat(memory.read64(AT)).isEqualTo(0x2052_5450_2044_5352L); // "RSD PTR "
        assertThat(memory.read(AT + 15, 1)).isEqualTo(2);                 // revision 2
        assertThat(sum(AT, 20)).isZero();
        assertThat(sum(AT, 36)).isZero();
        final long xsdt = memory.read64(AT + 24);
        assertThat(memory.read32(xsdt)).isEqualTo(0x54445358);            // "XSDT"
        assertThat(sum(xsdt, memory.read32(xsdt + 4))).isZero();
        final long fadt = memory.read64(xsdt + 36);
        assertThat(memory.read32(fadt)).isEqualTo(0x50434146);            // "FACP"
        assertThat(memory.read32(fadt + 4)).isEqualTo(276);
        assertThat(memory.read(fadt + 8, 1)).isEqualTo(6);
        assertThat(sum(fadt, 276)).isZero();
        assertThat(memory.read32(fadt + 64)).isEqualTo(0x604);            // PM1a_CNT_BLK
        assertThat(memory.read(fadt + 89, 1)).isEqualTo(2);               // PM1_CNT_LEN
        assertThat(AcpiTables.find(memory, AT)).isEqualTo(Fadt.ICH9);
    }

    @Test
    void aBrokenChecksumOrSignatureOrNothingAtAllFindsNoFadt()
    {
        assertThat(AcpiTables.find(memory, AT)).isNull();                 // nothing written
        AcpiTables.write(memory, AT, Fadt.ICH9);
        final long fadt = memory.read64(memory.read64(AT + 24) + 36);
        memory.write(fadt + 64, 1, 0x05);                                 // the checksum no longer holds
        assertThat(AcpiTables.find(memory, AT)).isNull();
        AcpiTables.write(memory, AT, Fadt.ICH9);
        memory.write(AT, 1, 'X');                                         // not an RSDP
        assertThat(AcpiTables.find(memory, AT)).isNull();
        AcpiTables.write(memory, AT, Fadt.ICH9);
        memory.write64(AT + 24, PhysicalMemory.LIMIT - 8);                // an XSDT beyond memory
        memory.write(AT + 32, 1, 0);
        assertThat(AcpiTables.find(memory, AT)).isNull();
    }

    @Test
    void misuseIsNamed()
    {
        assertThatThrownBy(() -> AcpiTables.write(memory, AT + 4, Fadt.ICH9)).hasMessageContaining("at");
        assertThatThrownBy(() -> new Fadt(0xb2, 0x604, 0, 0, 1, 0)).hasMessageContaining("pm1CntLen");
        assertThatThrownBy(() -> new Fadt(0x1_0000, 0, 0, 0, 0, 0)).hasMessageContaining("smiCmd");
    }
}
