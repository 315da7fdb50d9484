// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link NovaMachine} on an abstract base class shapes its subclasses' machines (it is inherited). */
class InheritedMachineTest extends InheritedMachineBase
{
    @Test
    void aSubclassGetsItsBaseClasssShape(final TestBed bed, final Interceptor interceptor)
    {
        assertThat(bed.arch()).isEqualTo(Arch.ARM);
        assertThat(bed.machine().engine().cpuCount()).isEqualTo(3);
        assertThat(bed.devices()).hasSize(1);
        assertThat(interceptor).isSameAs(bed.interceptor());
    }
}
