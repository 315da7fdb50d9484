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
}
