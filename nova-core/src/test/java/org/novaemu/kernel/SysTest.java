// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.novaemu.sim.Engine;

/**
 * Each hypercall's register layout (specification chapter 5) read back through the fields the kernel
 * decodes with: what {@link Sys} encodes is what {@link Arg} finds, on both ABIs.
 */
class SysTest
{
    private static Ec registers(final TestPlatform p)
    {
        return new Kernel(p.platform(), Engine.builder().build(), Costs.X86_64).rootEc();
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createEcPutsEveryFieldWhereTheSpecificationDrawsIt(final TestPlatform p)
    {
        final Ec r = registers(p);
        Sys.CreateEc.encode(r, 0x3_ffff, Sys.CreateEc.FLAG_G | Sys.CreateEc.FLAG_F, 12, 0x7fff_f000L, 0x1234, 77,
            0xdead_beefL);
        assertThat(Hypercall.of(r.param(0))).isEqualTo(Hypercall.CREATE_EC);
        assertThat(Sys.SEL.get(r)).isEqualTo(0x3_ffff);
        assertThat(Sys.has(r, Sys.CreateEc.FLAG_G)).isTrue();
        assertThat(Sys.has(r, Sys.CreateEc.FLAG_T)).isFalse();
        assertThat(Sys.has(r, Sys.CreateEc.FLAG_F)).isTrue();
        assertThat(Sys.CreateEc.PD.get(r)).isEqualTo(12);
        assertThat(Sys.CreateEc.HVP.get(r)).isEqualTo(0x7_ffffL);
        assertThat(Sys.CreateEc.EVT.get(r)).isEqualTo(0x1234);
        assertThat(Sys.CreateEc.CPU.get(r)).isEqualTo(77);
        assertThat(Sys.CreateEc.SP.get(r)).isEqualTo(0xdead_beefL);
        assertThat(r.param(3)).isEqualTo(0x1234L << 16 | 77); // evt[63:16] cpu[15:0]
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void createScPacksTheScd(final TestPlatform p)
    {
        final Ec r = registers(p);
        Sys.CreateSc.encode(r, 9, 1, 2, 0xffff, 127, 0xffff);
        // 4.5: cos[38:23] prio[22:16] budget[15:0]
        assertThat(r.param(3)).isEqualTo(0xffffL << 23 | 127L << 16 | 0xffff);
        assertThat(Sys.CreateSc.BUDGET.get(r)).isEqualTo(0xffff);
        assertThat(Sys.CreateSc.PRIO.get(r)).isEqualTo(127);
        assertThat(Sys.CreateSc.COS.get(r)).isEqualTo(0xffff);
        assertThat(Sys.CreateSc.EC.get(r)).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void ctrlPdSplitsBasesOrderAndMask(final TestPlatform p)
    {
        final Ec r = registers(p);
        Sys.CtrlPd.encode(r, 5, 6, 0x12345, 31, 0x6789a, 0x3f, 0xffff_ffff);
        assertThat(Sys.SEL.get(r)).isEqualTo(5);
        assertThat(Sys.CtrlPd.DST.get(r)).isEqualTo(6);
        assertThat(Sys.CtrlPd.SSB.get(r)).isEqualTo(0x12345);
        assertThat(Sys.CtrlPd.ORD.get(r)).isEqualTo(31);
        assertThat(Sys.CtrlPd.DSB.get(r)).isEqualTo(0x6789a);
        assertThat(Sys.CtrlPd.PMM.get(r)).isEqualTo(0x3f);
        assertThat(Sys.CtrlPd.MAD.get(r)).isEqualTo(0xffff_ffffL);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void assignIntPacksIndexCpuAndConfiguration(final TestPlatform p)
    {
        final Ec r = registers(p);
        Sys.AssignInt.encode(r, 41, 50, true, 0xfffe, 0xabcd, Sys.AssignInt.CFG_T | Sys.AssignInt.CFG_P);
        assertThat(r.param(2)).isEqualTo(0xabcdL << 32 | 0xfffeL << 16 | 6); // idx[47:32] cpu[31:16] cfg[3:0]
        assertThat(Sys.has(r, Sys.AssignInt.FLAG_A)).isTrue();
        assertThat(Sys.AssignInt.DC.get(r)).isEqualTo(50);
        assertThat(Sys.AssignInt.IDX.get(r)).isEqualTo(0xabcd);
        assertThat(Sys.AssignInt.CPU.get(r)).isEqualTo(0xfffe);
        assertThat(Sys.AssignInt.CFG.get(r)).isEqualTo(6);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void ctrlSmNamesItsFlagsAndAnUpLeavesTheDeadlineRegisterAlone(final TestPlatform p)
    {
        final Ec r = registers(p);
        r.setParam(1, 99);
        Sys.CtrlSm.encode(r, 7, false, false, 1234);
        assertThat(Sys.has(r, Sys.CtrlSm.FLAG_D)).isFalse();
        assertThat(r.param(1)).isEqualTo(99);
        Sys.CtrlSm.encode(r, 7, true, true, 1234);
        assertThat(Sys.FLAGS.get(r)).isEqualTo(Sys.CtrlSm.FLAG_D | Sys.CtrlSm.FLAG_Z);
        assertThat(Sys.CtrlSm.DEADLINE.get(r)).isEqualTo(1234);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void theOtherCallsPutTheirFieldsWhereTheKernelReadsThem(final TestPlatform p)
    {
        final Ec r = registers(p);
        Sys.IpcCall.encode(r, 3, true, 0x1_0000_0005L);
        assertThat(Sys.has(r, Sys.IpcCall.FLAG_T)).isTrue();
        assertThat(Sys.IpcCall.MTD.get(r)).isEqualTo(5); // mtd[31:0]
        Sys.CreateSm.encode(r, 8, true, 1, 0x0001_0028L);
        assertThat(Sys.has(r, Sys.CreateSm.FLAG_I)).isTrue();
        assertThat(Sys.CreateSm.VALUE.get(r)).isEqualTo(0x0001_0028L);
        Sys.CreatePt.encode(r, 8, 1, 2, 0x4000);
        assertThat(Sys.CreatePt.IP.get(r)).isEqualTo(0x4000);
        Sys.CtrlPt.encode(r, 8, 0xfeed, -1);
        assertThat(Sys.CtrlPt.PID.get(r)).isEqualTo(0xfeed);
        assertThat(Sys.CtrlPt.MTD.get(r)).isEqualTo(0xffff_ffffL);
        Sys.CtrlEc.encode(r, 8, true);
        assertThat(Sys.has(r, Sys.CtrlEc.FLAG_S)).isTrue();
        Sys.CtrlHw.encode(r, 5, 0xab_cdef);
        assertThat(Sys.FLAGS.get(r)).isEqualTo(5);
        assertThat(Sys.SEL.get(r)).isEqualTo(0xab_cdef);
        Sys.AssignDev.encode(r, 4, 60);
        assertThat(Sys.AssignDev.DMA.get(r)).isEqualTo(60);
        Sys.CreateDc.encode(r, 4, 1, 10, 11, 12);
        assertThat(r.param(Sys.CreateDc.DTD + 2)).isEqualTo(12);
    }

    @Test
    void aFieldMustLieInOneParameterRegister()
    {
        assertThatThrownBy(() -> new Arg(5, 0, 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("P5");
        assertThatThrownBy(() -> new Arg(1, 60, 8)).hasMessageContaining("P1[67:60]");
        assertThat(new Arg(2, 32, 16).put(-1L, 0)).isEqualTo(0xffff_0000_ffff_ffffL);
    }

    /** Every field as specification chapter 5 draws it: register, lowest bit, width. */
    @Test
    void everyFieldIsWhereChapterFiveDrawsIt()
    {
        assertThat(Sys.SEL).isEqualTo(new Arg(0, 8, 56));
        assertThat(Sys.FLAGS).isEqualTo(new Arg(0, 4, 4));
        assertThat(Sys.STATUS).isEqualTo(new Arg(0, 0, 8));
        assertThat(Sys.IpcCall.MTD).isEqualTo(new Arg(1, 0, 32));
        assertThat(Sys.IpcReply.MTD).isEqualTo(new Arg(1, 0, 32));
        assertThat(Sys.CreatePd.PD).isEqualTo(Arg.whole(1));
        assertThat(Sys.CreateEc.PD).isEqualTo(Arg.whole(1));
        assertThat(Sys.CreateEc.HVP).isEqualTo(new Arg(2, 12, 52));
        assertThat(Sys.CreateEc.EVT).isEqualTo(new Arg(3, 16, 48));
        assertThat(Sys.CreateEc.CPU).isEqualTo(new Arg(3, 0, 16));
        assertThat(Sys.CreateEc.SP).isEqualTo(Arg.whole(4));
        assertThat(Sys.CreateSc.PD).isEqualTo(Arg.whole(1));
        assertThat(Sys.CreateSc.EC).isEqualTo(Arg.whole(2));
        assertThat(Sys.CreateSc.BUDGET).isEqualTo(new Arg(3, 0, 16));
        assertThat(Sys.CreateSc.PRIO).isEqualTo(new Arg(3, 16, 7));
        assertThat(Sys.CreateSc.COS).isEqualTo(new Arg(3, 23, 16));
        assertThat(Sys.CreatePt.PD).isEqualTo(Arg.whole(1));
        assertThat(Sys.CreatePt.EC).isEqualTo(Arg.whole(2));
        assertThat(Sys.CreatePt.IP).isEqualTo(Arg.whole(3));
        assertThat(Sys.CreateSm.PD).isEqualTo(Arg.whole(1));
        assertThat(Sys.CreateSm.VALUE).isEqualTo(Arg.whole(2));
        assertThat(Sys.CreateDc.PD).isEqualTo(Arg.whole(1));
        assertThat(Sys.CreateDc.DTD).isEqualTo(2);
        assertThat(Sys.CtrlPd.DST).isEqualTo(Arg.whole(1));
        assertThat(Sys.CtrlPd.SSB).isEqualTo(new Arg(2, 12, 52));
        assertThat(Sys.CtrlPd.ORD).isEqualTo(new Arg(2, 0, 5));
        assertThat(Sys.CtrlPd.DSB).isEqualTo(new Arg(3, 12, 52));
        assertThat(Sys.CtrlPd.PMM).isEqualTo(new Arg(3, 0, 6));
        assertThat(Sys.CtrlPd.MAD).isEqualTo(new Arg(4, 0, 32));
        assertThat(Sys.CtrlSc.TIME).isEqualTo(Arg.whole(1));
        assertThat(Sys.CtrlPt.PID).isEqualTo(Arg.whole(1));
        assertThat(Sys.CtrlPt.MTD).isEqualTo(new Arg(2, 0, 32));
        assertThat(Sys.CtrlSm.DEADLINE).isEqualTo(Arg.whole(1));
        assertThat(Sys.AssignDev.DMA).isEqualTo(Arg.whole(1));
        assertThat(Sys.AssignInt.DC).isEqualTo(Arg.whole(1));
        assertThat(Sys.AssignInt.IDX).isEqualTo(new Arg(2, 32, 16));
        assertThat(Sys.AssignInt.CPU).isEqualTo(new Arg(2, 16, 16));
        assertThat(Sys.AssignInt.CFG).isEqualTo(new Arg(2, 0, 4));
    }

    /** The flags of bits 7:4, shifted down, as chapter 5 names them per call. */
    @Test
    void everyFlagIsTheBitChapterFiveNames()
    {
        assertThat(Sys.IpcCall.FLAG_T).isEqualTo(1);
        assertThat(new int[] {Sys.CreateEc.FLAG_G, Sys.CreateEc.FLAG_T, Sys.CreateEc.FLAG_F}).containsExactly(1, 2, 4);
        assertThat(Sys.CreateSm.FLAG_I).isEqualTo(1);
        assertThat(Sys.CtrlEc.FLAG_S).isEqualTo(1);
        assertThat(new int[] {Sys.CtrlSm.FLAG_D, Sys.CtrlSm.FLAG_Z}).containsExactly(1, 2);
        assertThat(Sys.AssignInt.FLAG_A).isEqualTo(1);
        assertThat(new int[] {Sys.AssignInt.CFG_M, Sys.AssignInt.CFG_T, Sys.AssignInt.CFG_P, Sys.AssignInt.CFG_G})
            .containsExactly(1, 2, 4, 8);
    }

    @ParameterizedTest
    @MethodSource("org.novaemu.kernel.TestPlatform#both")
    void encodingPutsTheRawWordsTheSpecificationDraws(final TestPlatform p)
    {
        final Ec r = registers(p);
        Sys.CtrlPd.encode(r, 5, 6, 0x12345, 31, 0x6789a, 0x3f, 0xffff_ffff);
        assertThat(r.param(0)).isEqualTo(5L << 8 | 0x8);
        assertThat(r.param(2)).isEqualTo(0x12345L << 12 | 31);
        assertThat(r.param(3)).isEqualTo(0x6789aL << 12 | 0x3f);
        assertThat(r.param(4)).isEqualTo(0xffff_ffffL);
        Sys.IpcCall.encode(r, 3, true, 7);
        assertThat(r.param(0)).isEqualTo(3L << 8 | 1 << 4 | 0x0);
        Sys.CtrlSm.encode(r, 9, true, true, 0);
        assertThat(r.param(0)).isEqualTo(9L << 8 | 3 << 4 | 0xc);
        Sys.CreateSm.encode(r, 4, true, 1, 40);
        assertThat(r.param(0)).isEqualTo(4L << 8 | 1 << 4 | 0x6);
        Sys.CtrlHw.encode(r, 5, 0x1234);
        assertThat(r.param(0)).isEqualTo(0x1234L << 8 | 5 << 4 | 0xd);
    }
}
