// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The register layout of each hypercall (specification chapter 5, "Hypercalls"; NOVA's {@code Sys_*}
 * structures in {@code inc/syscall.hpp}), in one place for the kernel that decodes them and for programs
 * and tests that encode them ({@link Calls}). P0 to P4 are the five parameter registers of the ABI
 * ({@link Abi}: x86_64 RDI, RSI, RDX, RAX, R8; AArch64 X0 to X4). P0 holds the hypercall number in bits 3:0,
 * the call's flags in bits 7:4 (named per call below, shifted down to bits 3:0) and, for most calls, a
 * selector in bits 63:8 ({@link #SEL}).
 */
public final class Sys
{
    /** P0[63:8]: the selector most calls name. */
    public static final Arg SEL = new Arg(0, 8, 56);
    /** P0[7:4]: the call's flags, or its OP. */
    public static final Arg FLAGS = new Arg(0, 4, 4);
    /** P0[7:0] on return: the status. */
    public static final Arg STATUS = new Arg(0, 0, 8);

    private Sys()
    {
    }

    /**
     * @param r the registers
     * @param flag one of a call's flag constants
     * @return whether P0 has it
     */
    public static boolean has(final User r, final int flag)
    {
        return (FLAGS.getInt(r) & flag) != 0;
    }

    /** 5.2.1 ipc_call (0x0): P0 pt[63:8] T; P1 mtd[31:0]. On return P1 is the reply's MTD. */
    public static final class IpcCall
    {
        /** T: fail with TIMEOUT instead of helping a busy callee. */
        public static final int FLAG_T = 1;
        /** P1[31:0]: the MTD; bits 8:0 are the number of UTCB words minus one. */
        public static final Arg MTD = new Arg(1, 0, 32);

        private IpcCall()
        {
        }

        /**
         * @param r the registers
         * @param pt the portal's selector
         * @param noWait T
         * @param mtd the MTD
         */
        public static void encode(final User r, final long pt, final boolean noWait, final long mtd)
        {
            r.setParam(0, Hypercall.IPC_CALL.encode(noWait ? FLAG_T : 0, pt));
            r.setParam(1, mtd);
        }
    }

    /** 5.2.2 ipc_reply (0x1): P1 mtd[31:0]. It does not return: the EC next runs at the portal called next. */
    public static final class IpcReply
    {
        /** P1[31:0]: the reply's MTD. */
        public static final Arg MTD = new Arg(1, 0, 32);

        private IpcReply()
        {
        }

        /**
         * @param r the registers
         * @param mtd the reply's MTD
         */
        public static void encode(final User r, final long mtd)
        {
            r.setParam(0, Hypercall.IPC_REPLY.encode(0, 0));
            r.setParam(1, mtd);
        }
    }

    /** 5.3.1 create_pd (0x2): P0 sel[63:8] OP[7:4] (0 a PD, 1 to 6 a space, {@link Kind#op()}); P1 pd. */
    public static final class CreatePd
    {
        /** P1: the owner PD. */
        public static final Arg PD = Arg.whole(1);

        private CreatePd()
        {
        }

        /**
         * @param r the registers
         * @param sel the destination
         * @param op the OP
         * @param pd the owner PD
         */
        public static void encode(final User r, final long sel, final int op, final long pd)
        {
            r.setParam(0, Hypercall.CREATE_PD.encode(op, sel));
            r.setParam(1, pd);
        }
    }

    /** 5.3.2 create_ec (0x3): P0 sel[63:8] G T F; P1 pd; P2 hvp[63:12]; P3 evt[63:16] cpu[15:0]; P4 sp. */
    public static final class CreateEc
    {
        /** G: a guest EC (vCPU). */
        public static final int FLAG_G = 1;
        /** T: a global thread (host EC), or time offsetting (vCPU). */
        public static final int FLAG_T = 2;
        /** F: the EC may use the FPU. */
        public static final int FLAG_F = 4;
        /** P1: the owner PD. */
        public static final Arg PD = Arg.whole(1);
        /** P2[63:12]: the page of the UTCB (host EC) or vCPU page. */
        public static final Arg HVP = new Arg(2, 12, 52);
        /** P3[63:16]: the event selector base. */
        public static final Arg EVT = new Arg(3, 16, 48);
        /** P3[15:0]: the CPU. */
        public static final Arg CPU = new Arg(3, 0, 16);
        /** P4: the initial stack pointer. */
        public static final Arg SP = Arg.whole(4);

        private CreateEc()
        {
        }

        /**
         * @param r the registers
         * @param sel the destination
         * @param flags G, T and F
         * @param pd the owner PD
         * @param hva the UTCB's (or vCPU page's) address, page aligned
         * @param evt the event selector base
         * @param cpu the CPU
         * @param sp the initial stack pointer
         */
        public static void encode(final User r, final long sel, final int flags, final long pd, final long hva,
                                  final long evt, final int cpu, final long sp)
        {
            r.setParam(0, Hypercall.CREATE_EC.encode(flags, sel));
            r.setParam(1, pd);
            r.setParam(2, hva);
            r.setParam(3, evt << 16 | (cpu & 0xffff));
            r.setParam(4, sp);
        }
    }

    /** 5.3.3 create_sc (0x4): P0 sel[63:8]; P1 pd; P2 ec; P3 the SCD (4.5). */
    public static final class CreateSc
    {
        /** P1: the owner PD. */
        public static final Arg PD = Arg.whole(1);
        /** P2: the global EC or vCPU. */
        public static final Arg EC = Arg.whole(2);
        /** P3[15:0]: the budget in milliseconds. */
        public static final Arg BUDGET = new Arg(3, 0, 16);
        /** P3[22:16]: the priority. */
        public static final Arg PRIO = new Arg(3, 16, 7);
        /** P3[38:23]: the class of service. */
        public static final Arg COS = new Arg(3, 23, 16);

        private CreateSc()
        {
        }

        /**
         * @param r the registers
         * @param sel the destination
         * @param pd the owner PD
         * @param ec the global EC or vCPU
         * @param budgetMs the budget in milliseconds
         * @param prio the priority
         * @param cos the class of service
         */
        public static void encode(final User r, final long sel, final long pd, final long ec, final int budgetMs,
                                  final int prio, final int cos)
        {
            r.setParam(0, Hypercall.CREATE_SC.encode(0, sel));
            r.setParam(1, pd);
            r.setParam(2, ec);
            r.setParam(3, COS.put(PRIO.put(BUDGET.put(0, budgetMs), prio), cos));
        }
    }

    /** 5.3.4 create_pt (0x5): P0 sel[63:8]; P1 pd; P2 ec; P3 ip. */
    public static final class CreatePt
    {
        /** P1: the owner PD. */
        public static final Arg PD = Arg.whole(1);
        /** P2: the local EC. */
        public static final Arg EC = Arg.whole(2);
        /** P3: the portal's instruction pointer. */
        public static final Arg IP = Arg.whole(3);

        private CreatePt()
        {
        }

        /**
         * @param r the registers
         * @param sel the destination
         * @param pd the owner PD
         * @param ec the local EC
         * @param ip the portal's instruction pointer
         */
        public static void encode(final User r, final long sel, final long pd, final long ec, final long ip)
        {
            r.setParam(0, Hypercall.CREATE_PT.encode(0, sel));
            r.setParam(1, pd);
            r.setParam(2, ec);
            r.setParam(3, ip);
        }
    }

    /** 5.3.5 create_sm (0x6): P0 sel[63:8] I; P1 pd; P2 the counter, or an interrupt semaphore's ISD. */
    public static final class CreateSm
    {
        /** I: an interrupt semaphore. */
        public static final int FLAG_I = 1;
        /** P1: the owner PD. */
        public static final Arg PD = Arg.whole(1);
        /** P2: the initial counter (I=0) or the ISD (I=1). */
        public static final Arg VALUE = Arg.whole(2);

        private CreateSm()
        {
        }

        /**
         * @param r the registers
         * @param sel the destination
         * @param interrupt I
         * @param pd the owner PD
         * @param value the counter or ISD
         */
        public static void encode(final User r, final long sel, final boolean interrupt, final long pd,
                                  final long value)
        {
            r.setParam(0, Hypercall.CREATE_SM.encode(interrupt ? FLAG_I : 0, sel));
            r.setParam(1, pd);
            r.setParam(2, value);
        }
    }

    /** 5.3.6 create_dc (0x7): P0 sel[63:8]; P1 pd; P2, P3 and P4 the DTD's words 0 to 2. */
    public static final class CreateDc
    {
        /** P1: the owner PD. */
        public static final Arg PD = Arg.whole(1);
        /** P2: DTD word 0; words 1 and 2 follow in P3 and P4. */
        public static final int DTD = 2;

        private CreateDc()
        {
        }

        /**
         * @param r the registers
         * @param sel the destination
         * @param pd the owner PD
         * @param dtd0 DTD word 0
         * @param dtd1 DTD word 1
         * @param dtd2 DTD word 2
         */
        public static void encode(final User r, final long sel, final long pd, final long dtd0, final long dtd1,
                                  final long dtd2)
        {
            r.setParam(0, Hypercall.CREATE_DC.encode(0, sel));
            r.setParam(1, pd);
            r.setParam(DTD, dtd0);
            r.setParam(DTD + 1, dtd1);
            r.setParam(DTD + 2, dtd2);
        }
    }

    /** 5.4.1 ctrl_pd (0x8): P0 src[63:8]; P1 dst; P2 ssb[63:12] ord[4:0]; P3 dsb[63:12] pmm[5:0]; P4 mad[31:0]. */
    public static final class CtrlPd
    {
        /** P1: the destination space. */
        public static final Arg DST = Arg.whole(1);
        /** P2[63:12]: the source selector base. */
        public static final Arg SSB = new Arg(2, 12, 52);
        /** P2[4:0]: the order, 2^ord selectors. */
        public static final Arg ORD = new Arg(2, 0, 5);
        /** P3[63:12]: the destination selector base. */
        public static final Arg DSB = new Arg(3, 12, 52);
        /** P3[5:0]: the permission mask. */
        public static final Arg PMM = new Arg(3, 0, 6);
        /** P4[31:0]: the memory attribute descriptor. */
        public static final Arg MAD = new Arg(4, 0, 32);

        private CtrlPd()
        {
        }

        /**
         * @param r the registers
         * @param src the source space
         * @param dst the destination space
         * @param ssb the source selector base
         * @param ord the order
         * @param dsb the destination selector base
         * @param pmm the permission mask
         * @param mad the memory attribute descriptor
         */
        public static void encode(final User r, final long src, final long dst, final long ssb, final int ord,
                                  final long dsb, final int pmm, final int mad)
        {
            r.setParam(0, Hypercall.CTRL_PD.encode(0, src));
            r.setParam(1, dst);
            r.setParam(2, ssb << 12 | (ord & 0x1f));
            r.setParam(3, dsb << 12 | (pmm & 0x3f));
            r.setParam(4, mad & 0xffffffffL);
        }
    }

    /** 5.4.2 ctrl_ec (0x9): P0 ec[63:8] S. */
    public static final class CtrlEc
    {
        /** S: strong, return once the recall has been observed. */
        public static final int FLAG_S = 1;

        private CtrlEc()
        {
        }

        /**
         * @param r the registers
         * @param ec the EC
         * @param strong S
         */
        public static void encode(final User r, final long ec, final boolean strong)
        {
            r.setParam(0, Hypercall.CTRL_EC.encode(strong ? FLAG_S : 0, ec));
        }
    }

    /** 5.4.3 ctrl_sc (0xa): P0 sc[63:8]. On return P1 is the SC's consumed time in STC ticks. */
    public static final class CtrlSc
    {
        /** P1 on return: the consumed time. */
        public static final Arg TIME = Arg.whole(1);

        private CtrlSc()
        {
        }

        /**
         * @param r the registers
         * @param sc the SC
         */
        public static void encode(final User r, final long sc)
        {
            r.setParam(0, Hypercall.CTRL_SC.encode(0, sc));
        }
    }

    /** 5.4.4 ctrl_pt (0xb): P0 pt[63:8]; P1 pid; P2 mtd[31:0]. */
    public static final class CtrlPt
    {
        /** P1: the portal ID. */
        public static final Arg PID = Arg.whole(1);
        /** P2[31:0]: the architectural MTD for event delivery. */
        public static final Arg MTD = new Arg(2, 0, 32);

        private CtrlPt()
        {
        }

        /**
         * @param r the registers
         * @param pt the portal
         * @param pid the portal ID
         * @param mtd the MTD
         */
        public static void encode(final User r, final long pt, final long pid, final int mtd)
        {
            r.setParam(0, Hypercall.CTRL_PT.encode(0, pt));
            r.setParam(1, pid);
            r.setParam(2, mtd & 0xffffffffL);
        }
    }

    /** 5.4.5 ctrl_sm (0xc): P0 sm[63:8] D Z; P1 an absolute STC deadline for a down, 0 for none. */
    public static final class CtrlSm
    {
        /** D: down (else up). */
        public static final int FLAG_D = 1;
        /** Z: a down clears the counter instead of decrementing it. */
        public static final int FLAG_Z = 2;
        /** P1: the down's deadline. */
        public static final Arg DEADLINE = Arg.whole(1);

        private CtrlSm()
        {
        }

        /**
         * Encodes an up ({@code down} false: P1 is left as it is) or a down.
         *
         * @param r the registers
         * @param sm the semaphore
         * @param down D
         * @param toZero Z
         * @param deadline the down's deadline
         */
        public static void encode(final User r, final long sm, final boolean down, final boolean toZero,
                                  final long deadline)
        {
            r.setParam(0, Hypercall.CTRL_SM.encode((down ? FLAG_D : 0) | (toZero ? FLAG_Z : 0), sm));
            if (down)
            {
                r.setParam(1, deadline);
            }
        }
    }

    /** 5.5.1 ctrl_hw (0xd): P0 desc[63:8] OP[7:4]; root PD only. */
    public static final class CtrlHw
    {
        private CtrlHw()
        {
        }

        /**
         * @param r the registers
         * @param op the OP
         * @param desc the descriptor
         */
        public static void encode(final User r, final int op, final long desc)
        {
            r.setParam(0, Hypercall.CTRL_HW.encode(op, desc));
        }
    }

    /** 5.5.2 assign_dev (0xe): P0 dc[63:8]; P1 dma. */
    public static final class AssignDev
    {
        /** P1: the DMA space. */
        public static final Arg DMA = Arg.whole(1);

        private AssignDev()
        {
        }

        /**
         * @param r the registers
         * @param dc the device context
         * @param dma the DMA space
         */
        public static void encode(final User r, final long dc, final long dma)
        {
            r.setParam(0, Hypercall.ASSIGN_DEV.encode(0, dc));
            r.setParam(1, dma);
        }
    }

    /**
     * 5.5.3 assign_int (0xf): P0 sm[63:8] A; P1 dc (a null capability for pins and for detach); P2 idx[47:32]
     * cpu[31:16] cfg[3:0]. On the return of an attach, P1 holds the MSI address and P2 the MSI data.
     */
    public static final class AssignInt
    {
        /** A: attach (else detach). */
        public static final int FLAG_A = 1;
        /** cfg M: the interrupt stays masked. */
        public static final int CFG_M = 1;
        /** cfg T: level-triggered. */
        public static final int CFG_T = 2;
        /** cfg P: active low. */
        public static final int CFG_P = 4;
        /** cfg G: owned by a guest (Arm). */
        public static final int CFG_G = 8;
        /** P1: the device context. */
        public static final Arg DC = Arg.whole(1);
        /** P2[47:32]: the slot index (x86) or event ID (Arm). */
        public static final Arg IDX = new Arg(2, 32, 16);
        /** P2[31:16]: the target CPU. */
        public static final Arg CPU = new Arg(2, 16, 16);
        /** P2[3:0]: the configuration. */
        public static final Arg CFG = new Arg(2, 0, 4);
        /** P1 on return: the MSI address. */
        public static final Arg MSI_ADDRESS = Arg.whole(1);
        /** P2 on return: the MSI data. */
        public static final Arg MSI_DATA = Arg.whole(2);

        private AssignInt()
        {
        }

        /**
         * @param r the registers
         * @param sm the interrupt semaphore
         * @param dc the device context, or a null selector
         * @param attach A
         * @param cpu the target CPU
         * @param idx the slot index or event ID
         * @param cfg the configuration bits
         */
        public static void encode(final User r, final long sm, final long dc, final boolean attach, final int cpu,
                                  final int idx, final int cfg)
        {
            r.setParam(0, Hypercall.ASSIGN_INT.encode(attach ? FLAG_A : 0, sm));
            r.setParam(1, dc);
            r.setParam(2, CFG.put(CPU.put(IDX.put(0, idx), cpu), cfg));
        }
    }
}
