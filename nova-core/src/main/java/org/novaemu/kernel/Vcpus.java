// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * Hardware virtualization: guest spaces and vCPUs (NOVA's {@code Vmcs}/{@code Vmcb} on x86, its EL2 vCPU
 * on Arm). Without it there are no guest spaces and create_ec with G=1 is BAD_FTR ({@link #NONE}).
 */
public interface Vcpus
{
    /** No hardware virtualization: SBW_GST is 0, GST spaces and vCPUs are BAD_FTR. */
    Vcpus NONE = new Vcpus()
    {
        @Override
        public int guestSelectorBits()
        {
            return 0;
        }

        @Override
        public int guestArchEvents()
        {
            return 0;
        }

        @Override
        public boolean vcpuPage()
        {
            return false;
        }

        @Override
        public int run(final Ec vcpu)
        {
            return -1;
        }
    };

    /** @return SBW_GST: guest-space selector bits (guest-physical page numbers) */
    int guestSelectorBits();

    /**
     * @return SEL_GST/ARCH: the number of architectural event selectors of a vCPU (its VM exits); its
     *         STARTUP and RECALL portals follow at {@code evt + this + 0 and 1}
     */
    int guestArchEvents();

    /** @return whether a vCPU has a page the kernel maps at its hvp (Intel: the virtual-APIC page) */
    boolean vcpuPage();

    /**
     * Runs a vCPU's guest until its next VM exit, charging the guest's time to the vCPU's CPU. A platform
     * without a guest model halts the guest at once; a RECALL (ctrl_ec) takes it out of the halt.
     *
     * @param vcpu the vCPU, with no event pending
     * @return the exit's event number (below SEL_GST/ARCH), or -1 if the guest halted
     */
    int run(Ec vcpu);
}
