// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.vtd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The primary fault record (VT-d 10.4.14). */
class FaultRecordTest
{
    @Test
    void aWriteFaultMatchesTheSpecificationLayout()
    {
        // F [127], T 0 (write) [126], FR 5 [103:96], SID 01:00.0 [79:64]; FI the page.
        assertThat(FaultRecord.high(0x0100, Vtd.FR_WRITE, true)).isEqualTo(0x8000_0005_0000_0100L);
        assertThat(FaultRecord.high(0x0100, Vtd.FR_READ, false)).isEqualTo(0xc000_0006_0000_0100L);
        assertThat(FaultRecord.dmaInfo(0x7f_0010L)).isEqualTo(0x7f_0000L);
        assertThat(FaultRecord.interruptInfo(5)).isEqualTo(5L << 48);
    }

    @Test
    void aRecordDecodesToWhatBuiltIt()
    {
        final FaultRecord r = new FaultRecord(FaultRecord.interruptInfo(0x8123),
            FaultRecord.high(0xf0f8, Vtd.FR_IR_SOURCE, true));
        assertThat(FaultRecord.isFault(r.high())).isTrue();
        assertThat(FaultRecord.isRead(r.high())).isFalse();
        assertThat(FaultRecord.reason(r.high())).isEqualTo(Vtd.FR_IR_SOURCE);
        assertThat(FaultRecord.sourceId(r.high())).isEqualTo(0xf0f8);
        assertThat(FaultRecord.INTERRUPT_INDEX.extract(r.low())).isEqualTo(0x8123);
        assertThat(FaultRecord.isFault(0)).isFalse();
    }

    @Test
    void fIsBit31OfTheLastDword()
    {
        assertThat(FaultRecord.FAULT_UPPER_DWORD).isEqualTo(1L << 31);
    }
}
