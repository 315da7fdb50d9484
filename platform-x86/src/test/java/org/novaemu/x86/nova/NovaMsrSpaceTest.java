// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.Kernel;
import org.novaemu.kernel.Kind;
import org.novaemu.kernel.Script;
import org.novaemu.kernel.SpaceMsr;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.apic.ApicRegister;

/**
 * The NOVA MSR space grants what specification 8.4.3 lists: the root task takes it, delegates both MSR
 * ranges whole into a space of its own, and finds each MSR with the table's permissions.
 */
class NovaMsrSpaceTest
{
    private static final long NOVA_MSR = 40;
    private static final long MSRS = 41;

    private SpaceMsr msrs;

    @BeforeEach
    void delegateEverything()
    {
        final X86Machine m = X86Machine.builder().build();
        final Kernel k = m.kernel();
        Script.ok(k, u -> Calls.ctrlPd(u, Kernel.ROOT_NOVA_OBJ, Kernel.ROOT_OBJ, Kernel.NOVA_MSR, 0, NOVA_MSR, 0x1f,
            0));
        Script.ok(k, u -> Calls.createPd(u, MSRS, Kind.MSR.op(), Kernel.ROOT_PD));
        Script.ok(k, u -> Calls.ctrlPd(u, NOVA_MSR, MSRS, 0, 13, 0, 3, 0));
        Script.ok(k, u -> Calls.ctrlPd(u, NOVA_MSR, MSRS, SpaceMsr.HIGH, 13, SpaceMsr.HIGH, 3, 0));
        msrs = (SpaceMsr) k.root().obj().object(MSRS);
    }

    @Test
    void theSystemCallAndSegmentMsrsAreReadAndWrite()
    {
        for (final long msr : new long[] {0x174, 0x175, 0x176, 0x277, 0xc000_0080L, 0xc000_0100L, 0xc000_0101L,
            0xc000_0102L})
        {
            assertThat(msrs.perms(msr)).as("MSR %#x", msr).isEqualTo(NovaMsr.RW);
        }
    }

    @Test
    void theCommandMsrsAreWriteOnly()
    {
        assertThat(msrs.perms(0x49)).isEqualTo(NovaMsr.W);  // IA32_PRED_CMD
        assertThat(msrs.perms(0x10b)).isEqualTo(NovaMsr.W); // IA32_FLUSH_CMD
    }

    @Test
    void theTimeIdentificationAndStatusMsrsAreReadOnly()
    {
        for (final long msr : new long[] {0x10, 0x17, 0x8b, 0x8c, 0x8f, 0xcf, 0xe7, 0xe8, 0xfe, 0x10a, 0x123, 0x195,
            0x198, 0x19c, 0x1b1, 0x500, 0xda0, 0xc000_0081L, 0xc000_0082L, 0xc000_0084L, 0xc000_0103L})
        {
            assertThat(msrs.perms(msr)).as("MSR %#x", msr).isEqualTo(NovaMsr.R);
        }
    }

    @Test
    void everythingElseIsANullCapability()
    {
        assertThat(msrs.perms(ApicRegister.MSR_APIC_BASE)).isZero();
        assertThat(msrs.perms(ApicRegister.MSR_TSC_DEADLINE)).isZero();
        assertThat(msrs.perms(ApicRegister.EOI.msr())).isZero(); // the x2APIC registers are the kernel's
        assertThat(msrs.perms(0xc000_0083L)).isZero();           // IA32_CSTAR is not listed
        assertThat(msrs.perms(0x1a0)).isZero();                   // IA32_MISC_ENABLE
    }
}
