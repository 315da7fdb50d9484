// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.x86.nova;

import org.novaemu.kernel.Status;
import org.novaemu.x86.rdt.Rdt;
import org.novaemu.x86.rdt.RdtCaps;

/**
 * NOVA's classes of service on x86 (its {@code Cos}, specification 8.3), per CPU: the QOS configuration
 * ctrl_hw locks once, the COS registers it writes through the RDT model, how many classes create_sc may name,
 * and IA32_PQR_ASSOC, which follows the class of the SC each CPU runs.
 */
final class Cos
{
    private final Rdt[] rdt;
    private final boolean[] configured;
    /** Per CPU: the class IA32_PQR_ASSOC holds, written only when it changes (NOVA's {@code Cos::current}). */
    private final int[] current;

    /**
     * @param rdt each CPU's RDT model, or null for a machine without RDT
     * @param cpus the number of CPUs
     */
    Cos(final Rdt[] rdt, final int cpus)
    {
        this.rdt = rdt;
        this.configured = new boolean[cpus];
        this.current = new int[cpus];
    }

    /** @return the CPU's RDT model, or null without RDT */
    private Rdt rdtOf(final int cpu)
    {
        return rdt == null ? null : rdt[cpu];
    }

    /**
     * NOVA's {@code Cos::valid_cos}: COS 0 only until the CPU's QOS configuration; then the most classes any
     * feature has, L3 and L2 halved where CDP is on (specification 8.3, K39).
     *
     * @param cpu the calling CPU
     * @return COS_NUM there
     */
    int classesOfService(final int cpu)
    {
        final Rdt r = rdtOf(cpu);
        if (r == null || !configured[cpu])
        {
            return 0;
        }
        final RdtCaps c = r.caps();
        return Math.max(1, Math.max(Math.max(c.l3Cos() >> (r.l3Cdp() ? 1 : 0), c.l2Cos() >> (r.l2Cdp() ? 1 : 0)),
            c.mbaCos()));
    }

    /**
     * The CPU now runs an SC of class {@code cos}: IA32_PQR_ASSOC follows, written only when it changes (NOVA's
     * {@code Cos::make_current} at each scheduling decision). Without RDT the register does not exist.
     *
     * @param cpu the CPU
     * @param cos the SC's class of service
     */
    void makeCurrent(final int cpu, final int cos)
    {
        if (current[cpu] != cos)
        {
            current[cpu] = cos;
            final Rdt r = rdtOf(cpu);
            if (r != null)
            {
                r.writeCos(cos);
            }
        }
    }

    /**
     * ctrl_hw's QOS OPs on the calling CPU, as NOVA's {@code Cos} answers them (specification 8.3): OP 4
     * locks a configuration once (a CDP bit the CPU does not support is BAD_PAR, a second OP 4 ABORTED);
     * OPs 5 to 7 need it first (ABORTED) and then write a COS register through the RDT model, BAD_PAR for a
     * register, mask or delay it refuses. Without RDT there are no COS registers: every OP 5 to 7 after the
     * configuration is BAD_PAR.
     *
     * @param cpu the calling CPU
     * @param op the OP, 4 to 7
     * @param desc the descriptor
     * @return the status
     */
    Status configure(final int cpu, final int op, final long desc)
    {
        final Rdt r = rdtOf(cpu);
        if (op == 4)
        {
            if (configured[cpu])
            {
                return Status.ABORTED;
            }
            final int cfg = (int) desc & 0xff;
            final int supported = r == null ? 0 : (r.caps().l3Cdp() ? 1 : 0) | (r.caps().l2Cdp() ? 2 : 0);
            if ((cfg & ~supported) != 0)
            {
                return Status.BAD_PAR;
            }
            if (r != null)
            {
                r.writeCdp((cfg & 1) != 0, (cfg & 2) != 0);
            }
            configured[cpu] = true;
            return Status.SUCCESS;
        }
        if (!configured[cpu])
        {
            return Status.ABORTED;
        }
        final int n = (int) desc & 0xffff;
        final boolean written = r != null && switch (op)
        {
            case 5 -> r.writeL3Mask(n, desc >>> 16 & 0xffff_ffffL);
            case 6 -> r.writeL2Mask(n, desc >>> 16 & 0xffff_ffffL);
            default -> r.writeMbaDelay(n, (int) (desc >>> 16) & 0xffff);
        };
        return written ? Status.SUCCESS : Status.BAD_PAR;
    }
}
