// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EncodingTest
{
    @Test
    void statusCodesMatchTheSpecification()
    {
        assertThat(Status.values()).extracting(Status::code)
            .containsExactly(0x0, 0x1, 0x2, 0x3, 0x4, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb);
        assertThat(Status.of(0x6)).isEqualTo(Status.BAD_PAR);
        assertThat(Status.of(0xc)).isNull();
        assertThat(Status.of(-1)).isNull();
    }

    @Test
    void hypercallNumbersMatchTheSpecification()
    {
        assertThat(Hypercall.CREATE_DC.number()).isEqualTo(0x7);
        assertThat(Hypercall.CTRL_PD.number()).isEqualTo(0x8);
        assertThat(Hypercall.CTRL_HW.number()).isEqualTo(0xd);
        assertThat(Hypercall.ASSIGN_INT.number()).isEqualTo(0xf);
        assertThat(Hypercall.values()).hasSize(16);
    }

    @Test
    void firstRegisterPacksNumberFlagsAndSelector()
    {
        final long word = Hypercall.CREATE_PD.encode(Kind.DMA.op(), 0x3_ffff);
        assertThat(word).isEqualTo(0x3_ffff_42L);
        assertThat(Hypercall.of(word)).isEqualTo(Hypercall.CREATE_PD);
        assertThat(Hypercall.flags(word)).isEqualTo(4);
        assertThat(Hypercall.selector(word)).isEqualTo(0x3_ffff);
        assertThat(Hypercall.selector(-1L)).isEqualTo(0x00ff_ffff_ffff_ffffL);
    }

    @Test
    void permissionsAndOpsMatchTheSpecification()
    {
        assertThat(Kind.PD.perms()).isEqualTo(0x3f);
        assertThat(Kind.EC.perms()).isEqualTo(0x0d);
        assertThat(Kind.GST.perms()).isEqualTo(0x05);
        assertThat(Kind.MSR.perms()).isEqualTo(0x07);
        for (int op = 0; op <= 6; op++)
        {
            assertThat(Kind.ofOp(op).op()).isEqualTo(op);
        }
        assertThat(Kind.ofOp(7)).isNull();
        assertThat(Kind.OBJ.isSpace()).isTrue();
        assertThat(Kind.PD.isSpace()).isFalse();
    }

    @Test
    void abiMapsParametersToRegisters()
    {
        assertThat(Abi.X86_64.register(0)).isEqualTo(7); // RDI
        assertThat(Abi.X86_64.register(3)).isEqualTo(0); // RAX
        assertThat(Abi.X86_64.register(4)).isEqualTo(8); // R8
        assertThat(Abi.AARCH64.register(4)).isEqualTo(4);
    }
}
