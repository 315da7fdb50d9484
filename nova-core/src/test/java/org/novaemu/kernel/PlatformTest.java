// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The seam itself: every role is required, and the space kinds follow from the roles the hardware has. */
class PlatformTest
{
    @Test
    void aMissingRoleIsNamed()
    {
        final TestPlatform p = TestPlatform.x86();
        assertThatThrownBy(() -> new Platform(Abi.X86_64, p, p, Vcpus.NONE, p, null, Iommu.NONE, p, p, p, Ports.NONE))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timer");
    }

    @Test
    void spaceKindsFollowFromTheRoles()
    {
        final Platform x86 = TestPlatform.x86().platform();
        assertThat(x86.supports(Kind.DMA)).isTrue();
        assertThat(x86.supports(Kind.PIO)).isTrue();
        assertThat(x86.supports(Kind.MSR)).isTrue();
        assertThat(x86.supports(Kind.GST)).isFalse();
        final Platform arm = TestPlatform.arm().platform();
        assertThat(arm.supports(Kind.GST)).isTrue();
        assertThat(arm.supports(Kind.DMA)).isFalse();
        assertThat(arm.supports(Kind.PIO)).isFalse();
        assertThat(arm.supports(Kind.MSR)).isFalse();
        assertThat(arm.supports(Kind.OBJ) && arm.supports(Kind.HST)).isTrue();
        assertThat(arm.supports(Kind.SM)).isFalse();
    }

    @Test
    void theAbsentRolesAnswerAsTheSpecificationSays()
    {
        assertThat(Iommu.NONE.assignDev(null, null)).isEqualTo(Status.BAD_DEV);
        assertThat(Iommu.NONE.selectorBits()).isZero();
        assertThat(Vcpus.NONE.guestSelectorBits()).isZero();
        assertThat(Vcpus.NONE.run(null)).isEqualTo(-1);
        assertThat(Ports.NONE.msrPerms(0x10)).isZero();
    }
}
