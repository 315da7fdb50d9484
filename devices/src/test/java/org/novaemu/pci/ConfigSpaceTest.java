// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Per-byte masks: read-only, read-write and write-1-to-clear bits, reset values, the extended part. */
class ConfigSpaceTest
{
    @Test
    void masksDecideWhatAGuestChanges()
    {
        final ConfigSpace c = new ConfigSpace();
        c.init(0x40, 4, 0x1234_8001);
        c.initWritable(0x40, 4, 0x0000_00ff);
        c.initClearable(0x40, 4, 0x8000_0000);
        c.write(0x40, 4, 0xffff_ff7e);
        assertThat(c.read(0x40, 4)).isEqualTo(0x1234_807e); // RW byte taken, RO kept, W1C bit 31 not set
        c.set(0x40, 4, c.read(0x40, 4) | 0x8000_0000);
        c.write(0x43, 1, 0x80);
        assertThat(c.read(0x40, 4)).isEqualTo(0x1234_807e); // cleared by writing one
        c.write(0x40, 2, 0x00aa);
        assertThat(c.read(0x40, 1)).isEqualTo(0xaa);
        assertThat(c.read(0x41, 1)).isEqualTo(0x80);
        c.reset();
        assertThat(c.read(0x40, 4)).isEqualTo(0x1234_8001);
    }

    @Test
    void reservedRegistersReadZeroAndTheExtendedPartGrowsOnlyWhenUsed()
    {
        final ConfigSpace c = new ConfigSpace();
        c.write(0x80, 4, -1);
        assertThat(c.read(0x80, 4)).isZero();
        assertThat(c.read(0x100, 4)).isZero();
        c.write(0x200, 4, -1);
        assertThat(c.read(0x200, 4)).isZero();
        assertThat(c.read(ConfigSpace.SIZE, 4)).isZero();
        assertThat(c.read(-4, 4)).isZero();
        c.init(0xffc, 4, 0x55aa_55aa);
        assertThat(c.read(0xffc, 4)).isEqualTo(0x55aa_55aa);
        assertThat(c.writableBits(0xffc, 4)).isZero();
    }
}
