// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.novaemu.testkit.NovaAssertions.assertThat;

import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Hypercall;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Pd;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.RootImage;
import org.novaemu.kernel.Status;

/** Snapshots of an object space and their diff; the interceptor's hypercall records. */
@NovaMachine(arch = Arch.ARM, cpus = 1)
class ObjectSpaceSnapshotTest
{
    @Test
    void theDiffNamesWhatAppearedWentAndChanged(final TestBed bed)
    {
        final Pd root = bed.machine().kernel().root();
        final ObjectSpaceSnapshot boot = ObjectSpaceSnapshot.of(root);
        bed.root().call("create_sm", u -> Calls.createSm(u, 5, Kernel.ROOT_PD, 7));
        bed.root().run(1_000_000);
        final ObjectSpaceSnapshot after = ObjectSpaceSnapshot.of(root);
        assertThat(boot.at(Kernel.ROOT_PD).kind()).isEqualTo(Kind.PD);
        assertThat(boot.at(5)).isNull();
        assertThat(after.at(5).state()).contains("counter=7");
        assertThat(boot.diff(after)).anySatisfy(d -> assertThat(d).startsWith("+ 0x5 SM").contains("counter=7"));
        assertThat(boot.diff(boot)).isEmpty();
        assertThat(after.diff(boot)).anySatisfy(d -> assertThat(d).startsWith("- 0x5 SM"));
        assertThatThrownBy(() -> assertThat(boot).isUnchangedIn(after)).isInstanceOf(AssertionError.class)
            .hasMessageContaining("+ 0x5 SM");
    }

    @Test
    void theInterceptorRecordsEachHypercallWithItsSelectorAndStatus(final TestBed bed, final Interceptor calls)
    {
        bed.root().attempt("up on nothing", u -> Calls.up(u, 0x77));
        bed.root().run(1_000_000);
        assertThat(calls.hypercalls(Hypercall.CTRL_SM)).hasSize(2).first().satisfies(h -> {
            assertThat(h.selector()).isEqualTo(0x77);
            assertThat(h.status()).isEqualTo(Status.BAD_CAP);
            assertThat(h.ec()).isEqualTo(bed.machine().kernel().rootEc().ecSerial());
            assertThat(h.cpu()).isZero();
        });
        assertThat(calls.hypercalls(Hypercall.CTRL_SM).get(1).status()).as("the root parks: blocked").isNull();
        assertThat(calls.hypercalls(Hypercall.CREATE_SM)).as("the script's park semaphore").hasSize(1);
        assertThat(calls).made(Hypercall.CTRL_SM, Status.BAD_CAP);
        assertThatThrownBy(() -> assertThat(calls).made(Hypercall.CTRL_SM, Status.SUCCESS))
            .isInstanceOf(AssertionError.class).hasMessageContaining("CTRL_SM 0x77");
    }

    @Test
    @NovaMachine(arch = Arch.X86, cpus = 2, devices = 1, vectors = 1)
    void anInterruptRoutedToACpuIsAChange(final TestBed bed)
    {
        final RootScript root = bed.root();
        final long dc = root.dc(bed.device(0));
        final long isd = bed.arch().msiIsd(bed.machine(), 0, 0);
        root.call("create_sm", u -> Calls.createInterruptSm(u, 5, Kernel.ROOT_PD, isd));
        final Call assign = root.probe("assign_int", u -> Calls.assignInt(u, 5, dc, true, 1, 0, 0));
        root.run(10_000_000);
        assertThat(assign).succeeded();
        assertThatThrownBy(() -> assertThat(assign).changedNothing()).hasMessageContaining("routed=no")
            .hasMessageContaining("routed=CPU 1");
    }

    @Test
    void pagesMappedIntoAnotherPdAndCapabilitiesDelegatedToItAreChanges(final TestBed bed)
    {
        final RootScript root = bed.root();
        final DriverPd d = root.driverPd();
        root.call("root's host space", u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ,
            Kernel.NOVA_ROOT_HST, 0, 6, 0x3f, 0));
        root.call("create_sm", u -> Calls.createSm(u, 5, Kernel.ROOT_PD, 0));
        final Call map = root.probe("ctrl_pd a page into the driver", u -> Calls.ctrlPd(u, 6, d.hst(),
            RootImage.ENTRY >>> 12, 0, 0x100, Perm.MEM_R, bed.arch().ram()));
        final Call give = root.probe("ctrl_pd the SM into the driver", u -> Calls.ctrlPd(u, Kernel.ROOT_OBJ,
            d.obj(), 5, 0, 9, Perm.SM_CTRLUP, 0));
        root.run(10_000_000);
        assertThat(map).succeeded();
        assertThat(give).succeeded();
        assertThat(map.before().objectSpaces()).isEqualTo(2);
        assertThatThrownBy(() -> assertThat(map).changedNothing()).hasMessageContaining("~ 0x" + Long.toHexString(
            d.pd()) + " PD").hasMessageContaining("hst: 0 mapped").hasMessageContaining("hst: 1 mapped");
        assertThatThrownBy(() -> assertThat(give).changedNothing())
            .hasMessageContaining("in PD 0x" + Long.toHexString(d.pd()) + ": + 0x9 SM");
    }

    @Test
    @NovaMachine(arch = Arch.X86, cpus = 1)
    void anEcsStateAndTheSemaphoreItIsBlockedOnAreShown(final TestBed bed)
    {
        final Portal p = bed.root().portal(0, u -> { });
        bed.root().run(10_000_000);
        final ObjectSpaceSnapshot s = ObjectSpaceSnapshot.of(bed.machine().kernel().root());
        assertThat(s.at(Kernel.ROOT_EC).state()).contains(" global BLOCKED on SM 0x");
        assertThat(s.toString()).contains("waiters=ECs[" + bed.machine().kernel().rootEc().ecSerial() + "]")
            .contains(" local WAITING");
        assertThat(p).isNotNull();
    }
}
