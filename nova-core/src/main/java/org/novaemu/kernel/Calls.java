// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * A typed layer over the hypercall registers, for readable programs: each method only loads the
 * registers of one hypercall (through its layout in {@link Sys}), as a C binding would before {@code syscall} or
 * {@code svc}; the program then
 * returns {@link Program#HYPERCALL}. {@link #status} decodes the result when the EC next runs.
 */
public final class Calls
{
    private Calls()
    {
    }

    /**
     * @param u the EC
     * @return the status of the hypercall just completed
     */
    public static Status status(final User u)
    {
        return Status.of(Sys.STATUS.get(u));
    }

    /**
     * create_pd.
     *
     * @param u the EC
     * @param sel the destination selector
     * @param op 0 for a PD, 1 to 6 for a space ({@link Kind#op()})
     * @param pd the owner PD's selector
     */
    public static void createPd(final User u, final long sel, final int op, final long pd)
    {
        Sys.CreatePd.encode(u, sel, op, pd);
    }

    /**
     * create_sm with I=0.
     *
     * @param u the EC
     * @param sel the destination selector
     * @param pd the owner PD's selector
     * @param counter the initial counter
     */
    public static void createSm(final User u, final long sel, final long pd, final long counter)
    {
        Sys.CreateSm.encode(u, sel, false, pd, counter);
    }

    /**
     * ctrl_pd.
     *
     * @param u the EC
     * @param src the source space's selector
     * @param dst the destination space's selector
     * @param ssb the source selector base
     * @param ord the order: 2^ord selectors
     * @param dsb the destination selector base
     * @param pmm the permission mask
     * @param mad the memory attribute descriptor
     */
    public static void ctrlPd(final User u, final long src, final long dst, final long ssb, final int ord,
                              final long dsb, final int pmm, final int mad)
    {
        Sys.CtrlPd.encode(u, src, dst, ssb, ord, dsb, pmm, mad);
    }

    /**
     * ctrl_sm up.
     *
     * @param u the EC
     * @param sm the semaphore's selector
     */
    public static void up(final User u, final long sm)
    {
        Sys.CtrlSm.encode(u, sm, false, false, 0);
    }

    /**
     * ctrl_sm down.
     *
     * @param u the EC
     * @param sm the semaphore's selector
     * @param toZero whether to clear the counter instead of decrementing it (Z)
     * @param deadline an absolute STC deadline, or 0 to wait for ever
     */
    public static void down(final User u, final long sm, final boolean toZero, final long deadline)
    {
        Sys.CtrlSm.encode(u, sm, true, toZero, deadline);
    }

    /**
     * ipc_call.
     *
     * @param u the EC
     * @param pt the portal's selector
     * @param noWait T: fail with TIMEOUT instead of helping a busy callee
     * @param mtd the message transfer descriptor: bits 8:0 are the number of UTCB words minus one
     */
    public static void call(final User u, final long pt, final boolean noWait, final long mtd)
    {
        Sys.IpcCall.encode(u, pt, noWait, mtd);
    }

    /**
     * ipc_reply.
     *
     * @param u the EC
     * @param mtd the message transfer descriptor of the reply
     */
    public static void reply(final User u, final long mtd)
    {
        Sys.IpcReply.encode(u, mtd);
    }

    /**
     * create_ec for a host EC.
     *
     * @param u the EC
     * @param sel the destination selector
     * @param pd the owner PD's selector
     * @param global T: a global thread (started by a STARTUP event) rather than a local one
     * @param utcb the host virtual address of its UTCB, page aligned
     * @param evt its event selector base
     * @param cpu its CPU
     * @param sp its initial stack pointer
     */
    public static void createEc(final User u, final long sel, final long pd, final boolean global, final long utcb,
                                final long evt, final int cpu, final long sp)
    {
        Sys.CreateEc.encode(u, sel, global ? Sys.CreateEc.FLAG_T : 0, pd, utcb, evt, cpu, sp);
    }

    /**
     * create_pt.
     *
     * @param u the EC
     * @param sel the destination selector
     * @param pd the owner PD's selector
     * @param ec the local EC's selector
     * @param ip the portal's entry instruction pointer
     */
    public static void createPt(final User u, final long sel, final long pd, final long ec, final long ip)
    {
        Sys.CreatePt.encode(u, sel, pd, ec, ip);
    }

    /**
     * ctrl_pt.
     *
     * @param u the EC
     * @param pt the portal's selector
     * @param pid the portal ID
     * @param mtd the architectural MTD for event delivery
     */
    public static void ctrlPt(final User u, final long pt, final long pid, final int mtd)
    {
        Sys.CtrlPt.encode(u, pt, pid, mtd);
    }

    /**
     * ctrl_sc; the consumed time comes back in parameter register 1.
     *
     * @param u the EC
     * @param sc the SC's selector
     */
    public static void ctrlSc(final User u, final long sc)
    {
        Sys.CtrlSc.encode(u, sc);
    }

    /**
     * create_sc.
     *
     * @param u the EC
     * @param sel the destination selector
     * @param pd the owner PD's selector
     * @param ec the global EC's selector
     * @param budgetMs the budget in milliseconds, 1 to 65535
     * @param prio the priority, 1 to 127
     * @param cos the class of service
     */
    public static void createSc(final User u, final long sel, final long pd, final long ec, final int budgetMs,
                                final int prio, final int cos)
    {
        Sys.CreateSc.encode(u, sel, pd, ec, budgetMs, prio, cos);
    }

    /**
     * ctrl_ec: recall an EC.
     *
     * @param u the EC
     * @param ec the target EC's selector
     * @param strong S: return only once the recall has been observed
     */
    public static void recall(final User u, final long ec, final boolean strong)
    {
        Sys.CtrlEc.encode(u, ec, strong);
    }

    /**
     * create_sm with I=1: an interrupt semaphore.
     *
     * @param u the EC
     * @param sel the destination selector
     * @param pd the owner PD's selector (needs DC permission)
     * @param isd the interrupt semaphore descriptor (x86: segment:GSI; Arm: the INTID's class and number)
     */
    public static void createInterruptSm(final User u, final long sel, final long pd, final long isd)
    {
        Sys.CreateSm.encode(u, sel, true, pd, isd);
    }

    /**
     * create_dc.
     *
     * @param u the EC
     * @param sel the destination selector
     * @param pd the owner PD's selector (needs DC permission)
     * @param dtd0 device topology descriptor word 0
     * @param dtd1 word 1
     * @param dtd2 word 2
     */
    public static void createDc(final User u, final long sel, final long pd, final long dtd0, final long dtd1,
                                final long dtd2)
    {
        Sys.CreateDc.encode(u, sel, pd, dtd0, dtd1, dtd2);
    }

    /**
     * assign_dev.
     *
     * @param u the EC
     * @param dc the device context's selector (ASSIGN_DEV)
     * @param dma the DMA space's selector (ASSIGN)
     */
    public static void assignDev(final User u, final long dc, final long dma)
    {
        Sys.AssignDev.encode(u, dc, dma);
    }

    /**
     * assign_int. On SUCCESS for an MSI the second and third registers return the MSI address and data.
     *
     * @param u the EC
     * @param sm the interrupt semaphore's selector (ASSIGN)
     * @param dc the device context's selector (ASSIGN_INT), or a null selector for a pin
     * @param attach A: attach (true) or detach
     * @param cpu the target CPU
     * @param idx the slot index (x86) or event ID (Arm)
     * @param cfg the configuration bits 3:0
     */
    public static void assignInt(final User u, final long sm, final long dc, final boolean attach, final int cpu,
                                 final int idx, final int cfg)
    {
        Sys.AssignInt.encode(u, sm, dc, attach, cpu, idx, cfg);
    }

    /**
     * ctrl_hw (root PD only).
     *
     * @param u the EC
     * @param op the OP
     * @param desc the descriptor, bits 63:8 of the first register
     */
    public static void ctrlHw(final User u, final int op, final long desc)
    {
        Sys.CtrlHw.encode(u, op, desc);
    }
}
