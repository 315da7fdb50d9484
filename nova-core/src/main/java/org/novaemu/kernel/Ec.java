// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * An execution context: a thread (host EC) or virtual CPU in a PD, permanently bound to one CPU. It holds
 * the user register state that hypercalls read and write. (Scheduling, IPC, UTCB and events come with the
 * rest of the kernel port; see docs/execution-model.md.)
 */
public final class Ec extends Kobject
{
    private final Pd pd;
    private final int cpu;
    private final Abi abi;
    private final long[] gpr;

    /**
     * @param pd the PD the EC runs in
     * @param cpu the CPU it is bound to
     * @param abi the register ABI of its architecture
     */
    public Ec(final Pd pd, final int cpu, final Abi abi)
    {
        super(Kind.EC);
        this.pd = pd;
        this.cpu = cpu;
        this.abi = abi;
        this.gpr = new long[abi.gprs()];
    }

    /** @return the PD the EC runs in */
    public Pd pd()
    {
        return pd;
    }

    /** @return the CPU the EC is bound to */
    public int cpu()
    {
        return cpu;
    }

    /** @return the register ABI */
    public Abi abi()
    {
        return abi;
    }

    /**
     * @param n a GPR number
     * @return the register's value
     */
    public long gpr(final int n)
    {
        return gpr[n];
    }

    /**
     * @param n a GPR number
     * @param value the new value
     */
    public void setGpr(final int n, final long value)
    {
        gpr[n] = value;
    }

    /**
     * @param i a hypercall parameter position, 0 to 4
     * @return the parameter register's value
     */
    public long param(final int i)
    {
        return gpr[abi.register(i)];
    }

    /**
     * @param i a hypercall parameter position, 0 to 4
     * @param value the new value
     */
    public void setParam(final int i, final long value)
    {
        gpr[abi.register(i)] = value;
    }
}
