// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The recording sink keeps the latest writes in a ring and says which it no longer has. */
class RecordingMmioTest
{
    @Test
    void keepsTheLatestWritesInARing()
    {
        final RecordingMmio sink = new RecordingMmio(2);
        sink.write(0x10, 4, 1, 7);
        sink.write(0x20, 4, 2, 8);
        sink.write(0x30, 4, 3, 9);
        assertThat(sink.count()).isEqualTo(3);
        assertThat(sink.offset(2)).isEqualTo(0x30);
        assertThat(sink.value(1)).isEqualTo(2);
        assertThat(sink.requester(1)).isEqualTo(8);
        assertThatThrownBy(() -> sink.value(0)).hasMessageContaining("not kept");
        assertThatThrownBy(() -> sink.value(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(sink.read(0, 4, -1)).isZero();
        sink.clear();
        assertThat(sink.count()).isZero();
        assertThatThrownBy(() -> new RecordingMmio(0)).hasMessageContaining("capacity");
    }
}
