// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.novaemu.kernel.Script.hypercall;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.novaemu.bus.PortSpace;
import org.novaemu.sim.Engine;

/**
 * The instructions NOVA's objects govern, executed by user code: IN and OUT against the PD's PIO space,
 * RDMSR and WRMSR (privileged in user mode), and the FPU with create_ec's F and lazy switching. A refused
 * one raises its architectural event; with no portal for it the EC is killed, which shows the event.
 */
class UserInstructionsTest
{
    private static final long NOVA_PIO = 20;
    private static final long ROOT_PIO = 21;
    private static final long PARK = 22;
    private static final long WORKER = 23;
    private static final long WORKER_SC = 24;
    private static final long END = 99;

    private final List<String> log = new ArrayList<>();
    private final List<String> device = new ArrayList<>();

    private Kernel boot(final TestPlatform p)
    {
        return new Kernel(p.platform(), Engine.builder().build(), Costs.X86_64);
    }

    @Test
    void portsThePioSpaceGrantsReachTheDeviceOthersRaiseGp()
    {
        final Kernel kernel = boot(TestPlatform.x86());
        kernel.bus().ports().map(0x60, 2, new PortSpace.PortDevice()
        {
            @Override
            public long in(final int port, final int size)
            {
                return 0x42;
            }

            @Override
            public void out(final int port, final int size, final long value)
            {
                device.add(Integer.toHexString(port) + "=" + Long.toHexString(value));
            }
        });
        kernel.start(new Script()
            .at(0, u -> {
                Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_PIO, 0, NOVA_PIO, 0x1f, 0);
                return hypercall(u, 1);
            })
            .at(1, u -> {
                Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_ROOT_PIO, 0, ROOT_PIO, 0x1f, 0);
                return hypercall(u, 2);
            })
            .at(2, u -> {
                Calls.ctrlPd(u, NOVA_PIO, ROOT_PIO, 0x60, 0, 0x60, 1, 0); // port 0x60 only
                return hypercall(u, 3);
            })
            .at(3, u -> {
                log.add("in " + Long.toHexString(u.in(0x60, 1)));
                u.out(0x60, 1, 0x5a);
                u.setIp(4);
                log.add("word");
                u.in(0x60, 2); // 0x61 is not granted: #GP before any port is touched
                return Program.PREEMPT;
            }));
        kernel.engine().runUntil(1_000_000);
        assertThat(log).containsExactly("in 42", "word");
        assertThat(device).containsExactly("60=5a");
        assertThat(kernel.rootEc().isKilled()).isTrue();
        assertThat(kernel.rootEc().exceptionEvent()).isEqualTo(13);
        assertThat(kernel.rootEc().exceptionSyndrome()).isZero();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void msrAccessFromUserModeAlwaysRaisesItsEvent(final TestPlatform p)
    {
        final Kernel kernel = boot(p);
        kernel.start(new Script().at(0, u -> {
            u.rdmsr(0x10);
            log.add("not reached");
            return Program.PREEMPT;
        }));
        kernel.engine().runUntil(1_000_000);
        assertThat(log).isEmpty();
        assertThat(kernel.rootEc().exceptionEvent()).isEqualTo(p.abi() == Abi.X86_64 ? 13 : 0x18);
    }

    @Test
    void withoutPortsInIsUndefinedOnArm()
    {
        final Kernel kernel = boot(TestPlatform.arm());
        kernel.start(new Script().at(0, u -> {
            u.in(0x60, 1);
            return Program.PREEMPT;
        }));
        kernel.engine().runUntil(1_000_000);
        assertThat(kernel.rootEc().exceptionEvent()).isZero();
        assertThat(kernel.rootEc().exceptionSyndrome()).isEqualTo(1L << 25);
    }

    /** The STC at which the root reaches ip 1 after using the FPU {@code uses} times at ip 0. */
    private long afterFpu(final TestPlatform p, final int uses)
    {
        final Kernel kernel = boot(p);
        final long[] at = new long[1];
        kernel.start(new Script()
            .at(0, u -> {
                u.charge(10); // above a step's minimum of one cycle, so that only the FPU makes a difference
                for (int i = 0; i < uses; i++)
                {
                    u.fpu();
                }
                u.setIp(1);
                return Program.PREEMPT;
            })
            .at(1, u -> {
                at[0] = u.stc();
                Calls.createSm(u, PARK, Kernel.ROOT_PD, 0);
                return hypercall(u, END);
            })
            .at(END, u -> {
                Calls.down(u, PARK, false, 0);
                return hypercall(u, END);
            }));
        kernel.engine().runUntil(1_000_000);
        assertThat(kernel.rootEc().isKilled()).isFalse(); // the root EC has the FPU
        return at[0];
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void theFirstFpuUseCostsOneLazySwitchAndLaterOnesNothing(final TestPlatform p)
    {
        final long none = afterFpu(p, 0);
        assertThat(afterFpu(p, 1) - none).isEqualTo(Costs.X86_64.fpuSwitch());
        assertThat(afterFpu(p, 3) - none).isEqualTo(Costs.X86_64.fpuSwitch());
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void anEcCreatedWithoutFTakesTheFpuEvent(final TestPlatform p)
    {
        // create_ec's F decides (the root EC has it).
        final Kernel kernel = boot(p);
        final Ec root = kernel.rootEc();
        root.setParam(0, Hypercall.CREATE_EC.encode(Sys.CreateEc.FLAG_F, WORKER));
        root.setParam(1, Kernel.ROOT_PD);
        root.setParam(2, 0x2000);
        root.setParam(3, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.SUCCESS);
        Calls.createEc(root, WORKER_SC, Kernel.ROOT_PD, false, 0x3000, 0, 0, 0);
        assertThat(kernel.hypercall(root)).isEqualTo(Status.SUCCESS);
        assertThat(((Ec) kernel.root().obj().object(WORKER)).hasFpu()).isTrue();
        assertThat(((Ec) kernel.root().obj().object(WORKER_SC)).hasFpu()).isFalse();
        assertThat(root.hasFpu()).isTrue();
        // An EC without it that uses the FPU takes the event.
        final Kernel k2 = boot(p);
        final Ec ec = k2.newEc(k2.root(), 0, true, 0x100, 0, 0x4000_0000L);
        ec.setIp(Script.ip(0x500));
        ec.hasSc = true; // runs from its IP, as the root EC does
        k2.start(new Script()
            .at(0x500, u -> {
                u.fpu();
                log.add("not reached");
                return Program.PREEMPT;
            })
            .at(0, u -> {
                k2.cpuKernel(0).makeReady(k2.newSc(ec, 0, 1, 1, 0));
                Calls.createSm(u, PARK, Kernel.ROOT_PD, 0);
                return hypercall(u, END);
            })
            .at(END, u -> {
                Calls.down(u, PARK, false, 0);
                return hypercall(u, END);
            }));
        k2.engine().runUntil(1_000_000);
        assertThat(log).isEmpty();
        assertThat(ec.isKilled()).isTrue();
        assertThat(ec.exceptionEvent()).isEqualTo(7);
    }
}
