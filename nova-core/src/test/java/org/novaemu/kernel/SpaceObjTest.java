// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpaceObjTest
{
    private final Pd pd = new Pd();
    private final SpaceObj space = (SpaceObj) pd.newSpace(Kind.OBJ, 36);

    @Test
    void slotsStartNullAndSelectorsBeyondTheSpaceAreNull()
    {
        assertThat(space.object(0)).isNull();
        assertThat(space.object(SpaceObj.SELECTORS - 1)).isNull();
        assertThat(space.object(SpaceObj.SELECTORS)).isNull();
        assertThat(space.object(-1)).isNull();
        assertThat(space.perms(SpaceObj.SELECTORS)).isZero();
        assertThatThrownBy(() -> space.store(SpaceObj.SELECTORS, pd, Kind.PD.perms())).hasMessageContaining("sel");
    }

    @Test
    void storeKeepsOnlyTheKindsDefinedPermissionsAndNullsEmptyOnes()
    {
        final Pd other = new Pd();
        space.store(5, other, 0xff);
        assertThat(space.perms(5)).isEqualTo(0x3f);
        assertThat(space.object(5)).isSameAs(other);
        final Space dma = other.newSpace(Kind.DMA, 36);
        space.store(6, dma, Perm.SPACE_TAKE); // DMA spaces have no TAKE
        assertThat(space.object(6)).isNull();
        assertThat(space.perms(6)).isZero();
    }

    @Test
    void lookupChecksKindAndEveryRequiredPermission()
    {
        final Pd other = new Pd();
        space.store(7, other, Perm.PD_PD | Perm.PD_SM);
        assertThat(space.lookup(7, Kind.PD, Perm.PD_SM)).isSameAs(other);
        assertThat(space.lookup(7, Kind.PD, Perm.PD_SM | Perm.PD_EC)).isNull();
        assertThat(space.lookup(7, Kind.SM, 0)).isNull();
        assertThat(space.lookup(8, Kind.PD, 0)).isNull();
    }

    @Test
    void slotsHoldReferencesAndTheLastOneKillsTheObject()
    {
        final Pd other = new Pd();
        space.store(1, other, Perm.PD_PD);
        space.store(2, other, Perm.PD_EC);
        assertThat(other.refs()).isEqualTo(2);
        space.store(1, null, 0);
        assertThat(other.isDead()).isFalse();
        space.store(2, other, Perm.PD_SC); // overwriting with the same object keeps it alive
        assertThat(other.isDead()).isFalse();
        assertThat(other.refs()).isEqualTo(1);
        space.store(2, other, 0);
        assertThat(other.isDead()).isTrue();
    }

    @Test
    void aDyingPdReleasesItsSpacesAndTheirCapabilities()
    {
        final Pd child = new Pd();
        space.store(10, child, Kind.PD.perms());
        final SpaceObj childSpace = (SpaceObj) child.newSpace(Kind.OBJ, 36);
        final Pd grandchild = new Pd();
        childSpace.store(0, grandchild, Perm.PD_PD);
        space.store(10, null, 0);
        assertThat(child.isDead()).isTrue();
        assertThat(childSpace.isDead()).isTrue();
        assertThat(grandchild.isDead()).isTrue();
    }

    @Test
    void aPdHasOneObjectAndOneHostSpaceButManyOthers()
    {
        assertThat(pd.newSpace(Kind.OBJ, 36)).isNull();
        final Space hst = pd.newSpace(Kind.HST, 36);
        assertThat(pd.hst()).isSameAs(hst);
        assertThat(pd.newSpace(Kind.HST, 36)).isNull();
        final Space pio1 = pd.newSpace(Kind.PIO, 36);
        final Space pio2 = pd.newSpace(Kind.PIO, 36);
        assertThat(pd.pio()).isSameAs(pio1).isNotSameAs(pio2);
        assertThat(pd.newSpace(Kind.DMA, 36)).isNotSameAs(pd.newSpace(Kind.DMA, 36));
        assertThat(pd.obj()).isSameAs(space);
    }
}
