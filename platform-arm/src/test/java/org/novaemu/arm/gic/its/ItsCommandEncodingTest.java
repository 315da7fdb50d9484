// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.arm.gic.its.ItsCommand.Clear;
import org.novaemu.arm.gic.its.ItsCommand.Discard;
import org.novaemu.arm.gic.its.ItsCommand.Int;
import org.novaemu.arm.gic.its.ItsCommand.Inv;
import org.novaemu.arm.gic.its.ItsCommand.Invall;
import org.novaemu.arm.gic.its.ItsCommand.Mapc;
import org.novaemu.arm.gic.its.ItsCommand.Mapd;
import org.novaemu.arm.gic.its.ItsCommand.Mapi;
import org.novaemu.arm.gic.its.ItsCommand.Mapti;
import org.novaemu.arm.gic.its.ItsCommand.Movall;
import org.novaemu.arm.gic.its.ItsCommand.Movi;
import org.novaemu.arm.gic.its.ItsCommand.Sync;

/**
 * The 32-byte ITS commands as IHI 0069 chapter 6 lays them out, written as numbers rather than through the codec's
 * own fields: the command number in DW0 bits 7:0, the DeviceID in DW0 63:32, the EventID in DW1 31:0, the pINTID in
 * DW1 63:32, MAPD's Size in DW1 4:0, its ITT_addr in DW2 51:8 and V in DW2 63, the ICID in DW2 15:0, the RDbase in
 * DW2 (MOVALL: also DW3) 51:16. The ITS model decodes raw doublewords written the same way.
 */
class ItsCommandEncodingTest
{
    private static long[] dw(final ItsCommand c)
    {
        return new long[] {c.dw0(), c.dw1(), c.dw2(), c.dw3()};
    }

    @Test
    void mappingCommandsPutEachFieldWhereTheArchitectureDoes()
    {
        assertThat(dw(Mapd.map(0x1234, 0x4567_8900L, 9)))
            .containsExactly(0x0000_1234_0000_0008L, 0x8L, 0x8000_0000_4567_8900L, 0);
        assertThat(dw(Mapd.unmap(0xabcd))).containsExactly(0x0000_abcd_0000_0008L, 0, 0, 0);
        assertThat(dw(Mapc.map(7, 2))).containsExactly(0x9L, 0, 0x8000_0000_0002_0007L, 0);
        assertThat(dw(new Mapti(0x1234, 5, 8200, 3)))
            .containsExactly(0x0000_1234_0000_000aL, 0x0000_2008_0000_0005L, 3, 0);
        assertThat(dw(new Mapi(0x22, 8300, 0xffff))).containsExactly(0x0000_0022_0000_000bL, 8300, 0xffff, 0);
        assertThat(dw(new Movi(0x22, 6, 9))).containsExactly(0x0000_0022_0000_0001L, 6, 9, 0);
    }

    @Test
    void eventAndMaintenanceCommandsPutEachFieldWhereTheArchitectureDoes()
    {
        assertThat(dw(new Int(0x10, 0x11))).containsExactly(0x0000_0010_0000_0003L, 0x11, 0, 0);
        assertThat(dw(new Clear(0x10, 0x11))).containsExactly(0x0000_0010_0000_0004L, 0x11, 0, 0);
        assertThat(dw(new Inv(0x10, 0x11))).containsExactly(0x0000_0010_0000_000cL, 0x11, 0, 0);
        assertThat(dw(new Discard(0x10, 0x11))).containsExactly(0x0000_0010_0000_000fL, 0x11, 0, 0);
        assertThat(dw(new Invall(0x123))).containsExactly(0xdL, 0, 0x123, 0);
        assertThat(dw(new Sync(5))).containsExactly(0x5L, 0, 0x5_0000L, 0);
        assertThat(dw(new Movall(1, 3))).containsExactly(0xeL, 0, 0x1_0000L, 0x3_0000L);
    }

    @Test
    void theItsRunsCommandsWrittenAsRawDoublewords()
    {
        final ItsHarness h = new ItsHarness(4).enableGic().enableIts();
        final long itt = h.alloc(0x1000, 0x1000);
        h.ensureEntry(0, 0x42);
        h.ensureEntry(1, 7);
        assertThat(h.raw(0x9L, 0, 1L << 63 | 2L << 16 | 7, 0)).isNull();                   // MAPC 7 -> PE 2
        assertThat(h.raw(0x42L << 32 | 0x8, 4, 1L << 63 | itt, 0)).isNull();               // MAPD, 5 EventID bits
        assertThat(h.raw(0x42L << 32 | 0xa, 8300L << 32 | 3, 7, 0)).isNull();             // MAPTI 3 -> 8300
        assertThat(h.msi(0x42, 3)).isTrue();
        assertThat(h.take(2)).isEqualTo(8300);
        assertThat(h.raw(0x42L << 32 | 0xf, 3, 0, 0)).isNull();                            // DISCARD
        h.msi(0x42, 3);
        assertThat(h.its.dropped()).isEqualTo(1);
        assertThat(h.pins[2].irq).isFalse();
        assertThat(h.raw(0x42L << 32 | 0xa, 8300L << 32 | 32, 7, 0))                       // EventID 32 >= 2^5
            .isEqualTo(ItsError.of(0x01_0a_05));
        assertThat(h.read(ItsRegister.CMDERR)).isEqualTo(0x01_0a_05);
    }
}
