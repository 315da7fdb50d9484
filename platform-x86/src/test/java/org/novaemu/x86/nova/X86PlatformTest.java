// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.novaemu.bus.DmaTranslation;
import org.novaemu.irq.IrqLine;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Ec;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.Hypercall;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Perm;
import org.novaemu.kernel.Program;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.Status;
import org.novaemu.kernel.User;
import org.novaemu.x86.apic.MsiMessage;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.vtd.Vtd;

/**
 * NOVA's x86 half end to end: a root task creates a DC and interrupt semaphores, assigns an MSI and a level
 * pin through VT-d interrupt remapping, and a DMA space to the device; the device's MSI (with the returned
 * address and data), the pin and the device's DMA then behave as the specification says.
 */
class X86PlatformTest
{
    private static final long DC = 20;
    private static final long MSI_SM = 21;
    private static final long PIN_SM = 22;
    private static final long DMA = 23;
    private static final long NOVA_HST = 24;
    private static final long VTD = X86Machine.VTD_BASE;
    private static final long DEVICE = 0x0100; // 01:00.0
    private static final int MSI_GSI = 100;
    private static final int PIN_GSI = 3;

    private X86Machine m;
    private IrqLine line;
    private final List<String> log = new ArrayList<>();
    private final long[] out = new long[2];

    @Test
    void theMachineBuilderNamesWhatIsWrong()
    {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> X86Machine.builder().cpus(0))
            .hasMessageContaining("cpus");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> X86Machine.builder().gsis(24))
            .hasMessageContaining("gsis");
    }

    @Test
    void bootSwitchesEveryLocalApicToX2ApicMode()
    {
        final X86Machine four = X86Machine.builder().cpus(4).build();
        assertThat(four.kernel().platform().layout().cpus()).isEqualTo(4);
        assertThat(four.apic(3).x2apic()).isTrue();
    }

    @Test
    void theHipsX86PartNamesTheSlotsPinsGsisAndTheIommu()
    {
        final X86Machine four = X86Machine.builder().cpus(4).build();
        assertThat(four.kernel().hip().get(HipField.X86_VEC_NUM)).isEqualTo(215);
        assertThat(four.kernel().hip().get(HipField.X86_PIN_NUM)).isEqualTo(24);
        assertThat(four.kernel().hip().get(HipField.X86_GSI_NUM)).isEqualTo(1024);
        assertThat(four.kernel().hip().get(HipField.FEATURES) & 1).isEqualTo(1);
        assertThat(four.kernel().hip().sum16()).isZero();
    }

    @Test
    void withoutVirtualizationTheHipsGuestFieldsAreZeroAndVcpusAreRefused()
    {
        final X86Machine m = X86Machine.builder().build(); // no VMX model: the CPUs cannot virtualize (K35)
        for (final HipField f : new HipField[] {
            HipField.SBW_GST, HipField.MCO_GST,
            HipField.SEL_GST_ARCH, HipField.SEL_GST_NOVA})
        {
            assertThat(m.kernel().hip().get(f)).as(f.name()).isZero();
        }
        final Ec root = m.kernel().rootEc();
        root.setParam(0, Hypercall.CREATE_EC.encode(1, 20)); // G: a vCPU
        root.setParam(1, Kernel.ROOT_PD);
        root.setParam(2, 0x1000);
        root.setParam(3, 0);
        assertThat(m.kernel().hypercall(root)).isEqualTo(Status.BAD_FTR);
    }

    @Test
    void bootTurnsOnDmaTranslationAndInterruptRemapping()
    {
        final X86Machine one = X86Machine.builder().build();
        assertThat(one.bus().read(X86Machine.VTD_BASE + 0x1c, 4) & (Vtd.TE | Vtd.IRE))
            .isEqualTo((Vtd.TE | Vtd.IRE) & 0xffff_ffffL);
    }

    /**
     * The root task: a DC for 01:00.0, an MSI semaphore on CPU 0's slot 5, a level pin's semaphore on slot 7
     * (with the failures NOVA answers on the way), a DMA space mapping the page at device address 0x10000 onto
     * physical 0x3000_0000, assigned to the device; then it waits on the MSI semaphore and, once woken, on
     * the pin's, logging each wake.
     */
    private void boot()
    {
        m = X86Machine.builder().cpus(2).build();
        line = new IrqLine("gsi3", PIN_GSI, m.engine().trace());
        m.ioapic().connect(line, PIN_GSI);
        final List<Consumer<User>> calls = new ArrayList<>();
        calls.add(u -> Calls.createDc(u, DC, Kernel.ROOT_PD, DEVICE, VTD, 0));
        calls.add(u -> Calls.createInterruptSm(u, MSI_SM, Kernel.ROOT_PD, MSI_GSI));
        calls.add(u -> Calls.createInterruptSm(u, PIN_SM, Kernel.ROOT_PD, PIN_GSI));
        calls.add(u -> Calls.assignInt(u, PIN_SM, DC, true, 0, 7, 2));            // a DC for a pin: BAD_CAP
        calls.add(u -> Calls.assignInt(u, MSI_SM, 999, true, 0, 5, 0));           // no DC for an MSI: BAD_CAP
        calls.add(u -> Calls.assignInt(u, MSI_SM, DC, true, 0, 215, 0));          // beyond the slots: BAD_PAR
        calls.add(u -> Calls.assignInt(u, MSI_SM, DC, true, 0, 5, 0));
        calls.add(u -> Calls.assignInt(u, PIN_SM, 999, true, 0, 5, 2));           // slot 5 is taken: ABORTED
        calls.add(u -> Calls.assignInt(u, PIN_SM, 999, true, 0, 7, 2));           // level
        calls.add(u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_HST, 0, NOVA_HST, 0x3f, 0));
        calls.add(u -> Calls.createPd(u, DMA, Kind.DMA.op(), Kernel.ROOT_PD));
        calls.add(u -> Calls.ctrlPd(u, NOVA_HST, DMA, 0x30000, 0, 0x10, Perm.MEM_R | Perm.MEM_W, 0));
        calls.add(u -> Calls.assignDev(u, DC, DMA));
        final Program root = Script.labels(u -> {
            final int ip = (int) u.ip();
            if (ip > 0 && ip <= calls.size())
            {
                log.add("call " + (ip - 1) + " " + Calls.status(u));
                if (ip - 1 == 6)
                {
                    out[0] = u.param(1);
                    out[1] = u.param(2);
                }
            }
            if (ip < calls.size())
            {
                calls.get(ip).accept(u);
                u.setIp(ip + 1);
                return Program.HYPERCALL;
            }
            if (ip > calls.size())
            {
                log.add((ip == calls.size() + 1 ? "msi " : "pin ") + Calls.status(u));
            }
            Calls.down(u, ip <= calls.size() ? MSI_SM : PIN_SM, false, 0);
            u.setIp(ip <= calls.size() ? calls.size() + 1 : calls.size() + 2);
            return Program.HYPERCALL;
        });
        m.kernel().start(root);
        m.engine().runUntil(100_000);
    }

    @Test
    void theRootTasksCallsGetNovasStatusesAndTheMsiPair()
    {
        boot();
        assertThat(log).containsExactly("call 0 SUCCESS", "call 1 SUCCESS", "call 2 SUCCESS", "call 3 BAD_CAP",
            "call 4 BAD_CAP", "call 5 BAD_PAR", "call 6 SUCCESS", "call 7 ABORTED", "call 8 SUCCESS",
            "call 9 SUCCESS", "call 10 SUCCESS", "call 11 SUCCESS", "call 12 SUCCESS");
        assertThat(out[0]).isEqualTo(0xfee0_0018L);
        assertThat(out[1]).isEqualTo(MSI_GSI);
    }

    @Test
    void theDevicesMsiWithTheReturnedPairWakesTheDriver()
    {
        boot();
        m.engine().post(200_000, arg -> m.bus().signalMessage(DEVICE, out[0], (int) out[1]), 0);
        m.engine().runUntil(300_000);
        assertThat(log).endsWith("msi SUCCESS");
    }

    @Test
    void anotherRequesterWithThePairIsBlockedBySourceIdVerification()
    {
        boot();
        m.engine().post(400_000, arg -> m.bus().signalMessage(0x0200, out[0], (int) out[1]), 0);
        m.engine().runUntil(500_000);
        assertThat(log).filteredOn(s -> s.startsWith("msi")).isEmpty();
        assertThat(m.vtd().faults()).isEqualTo(1);
    }

    @Test
    void aLevelPinComesAgainAfterEachDownWhileHighAndIsQuietOnceLow()
    {
        boot();
        m.engine().post(200_000, arg -> m.bus().signalMessage(DEVICE, out[0], (int) out[1]), 0);
        m.engine().post(600_000, arg -> line.raise(), 0);
        m.engine().runUntil(700_000);
        assertThat(log.stream().filter(s -> s.startsWith("pin")).count()).isGreaterThanOrEqualTo(2);
        m.engine().post(800_000, arg -> line.lower(), 0);
        m.engine().runUntil(900_000);
        final long pins = log.stream().filter(s -> s.startsWith("pin")).count();
        m.engine().runUntil(2_000_000);
        assertThat(log.stream().filter(s -> s.startsWith("pin")).count()).isEqualTo(pins);
    }

    @Test
    void theDeviceReachesExactlyWhatItsDmaSpaceMaps()
    {
        boot();
        m.bus().memory().write64(0x3000_0008L, 0x5a5a);
        assertThat(m.bus().dmaRead(DEVICE, 0x10_008L, 8)).isEqualTo(0x5a5a);
        assertThat(m.vtd().translate(DEVICE, 0x11_000L, 4, false)).isEqualTo(DmaTranslation.FAULT);
        assertThat(m.vtd().translate(0x0200, 0x10_000L, 4, false)).isEqualTo(DmaTranslation.FAULT); // not assigned
    }

    @Test
    void theRegistersOfTheHardwareTheKernelDrivesAreWithheldFromTheNovaHostSpace()
    {
        boot();
        final Kernel kernel = m.kernel();
        assertThat(kernel.novaHst().lookup(VTD >>> 12)).isZero();
        assertThat(kernel.novaHst().lookup(0xfec0_0000L >>> 12)).isZero();
        assertThat(kernel.novaHst().lookup(MsiMessage.BASE >>> 12)).isZero();
        assertThat(kernel.novaHst().lookup(0x3000_0)).isNotZero();
    }
}
