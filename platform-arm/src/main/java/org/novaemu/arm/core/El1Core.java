// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.core;

import java.util.Arrays;

import org.novaemu.arm.cpu.Pe;
import org.novaemu.arm.cpu.SysReg;
import org.novaemu.arm.cpu.SysRegEncoding;
import org.novaemu.arm.firmware.Psci;
import org.novaemu.arm.gic.GicCpuInterface;
import org.novaemu.arm.gic.GicPins;
import org.novaemu.arm.gic.IccRegister;
import org.novaemu.bus.Bus;
import org.novaemu.sim.Agent;
import org.novaemu.sim.Engine;
import org.novaemu.sim.SimCpu;
import org.novaemu.util.Require;

/**
 * A processing element at EL1 without a kernel: the exception and interrupt state of the Arm ARM's AArch64
 * system level programmers' model (DDI 0487 M.a, chapter D1) around an {@link El1Program} that it executes one
 * instruction per step.
 *
 * <p>At each instruction boundary the PE looks at its inputs (docs/decisions.md A62): a power-on request starts
 * a PE that is off; an IRQ or FIQ signal from its GIC CPU interface ends WFI whether PSTATE masks it or not, and
 * is taken, FIQ first, when PSTATE.F or PSTATE.I does not mask it: PSTATE goes to SPSR_EL1, the address of the
 * next instruction to ELR_EL1, PSTATE.{D, A, I, F} are set and execution continues at VBAR_EL1 + 0x280 (IRQ) or
 * + 0x300 (FIQ), or + 0x080 and + 0x100 from EL1t. The handler acknowledges through ICC_IAR1_EL1 or ICC_IAR0_EL1
 * and ends the interrupt with EOIR (and DIR). A PE in WFI or off is out of the engine's run queue and costs
 * nothing.
 *
 * <p>Only EL1 is modelled (docs/decisions.md A60): no EL0, no EL2 (HVC is UNDEFINED), and EL3 is the firmware's
 * {@link Psci}, which SMC calls. The PE starts {@link CoreState#OFF}: the machine powers the primary PE on at its
 * entry point with {@link #powerOn}, PSCI CPU_ON the others. Signals from another CPU's run (an SGI, a CPU_ON)
 * reach the PE through an engine event at the sender's time. The {@link El1} methods are the program's, for its
 * step; the machine and tests inspect the PE through {@link #state}, {@link #pstate}, {@link #register} and
 * {@link #x}. Nothing here allocates after construction. Not thread-safe: the engine calls it on one thread.
 */
public final class El1Core implements Agent, GicPins, El1
{
    /** The SPSR_EL1 bits the core keeps: NZCV, SS, IL, D, A, I, F and M[4:0] (decision A65). */
    static final long SPSR_MASK = El1.PSTATE_NZCV | 1L << 21 | El1.PSTATE_IL | El1.PSTATE_DAIF | 0x1f;
    /** CurrentEL reads EL1 in bits 3:2. */
    static final long CURRENT_EL1 = 1 << 2;
    /** VBAR_EL1 bits 10:0 are RES0. */
    static final long VBAR_MASK = ~0x7ffL;
    /** The general-purpose register number that names XZR. */
    private static final int XZR = 31;

    private final int index;
    private final Bus bus;
    private final GicCpuInterface gic;
    private final Pe pe;
    private final Psci firmware;
    private final El1Program program;
    private final CoreCosts costs;
    private final Engine engine;
    private final PeInputs inputs;
    private final SimCpu sim;

    private final long[] x = new long[31];
    private long spEl0;
    private long spEl1;
    private CoreState state = CoreState.OFF;
    private long pc;
    private long next;
    private boolean waiting;
    private long nzcv;
    private long daif = El1.PSTATE_DAIF;
    private boolean spElx = true;
    private boolean illegal;
    private long spsr;
    private long elr;
    private long esr;
    private long far;
    private long vbar;
    private long tpidr;
    private long instructions;
    private long abortSyndrome;
    private long abortAddress;
    private boolean abortHasAddress;

    /**
     * Adds the PE to the engine as CPU {@code index}, powered off, and connects it to its CPU interface's IRQ and
     * FIQ outputs.
     *
     * @param index the PE, which must be the engine's next CPU, its CPU interface's and its {@link Pe}'s number
     * @param engine the engine
     * @param bus where its loads and stores go
     * @param cpuInterface its GIC CPU interface (the ICC registers, the IRQ and FIQ signals)
     * @param pe its MPIDR_EL1 and Generic Timer
     * @param firmware the EL3 firmware that SMC calls, shared by all PEs
     * @param program what it executes
     * @param costs what its instructions cost
     */
    public El1Core(final int index, final Engine engine, final Bus bus, final GicCpuInterface cpuInterface,
                   final Pe pe, final Psci firmware, final El1Program program, final CoreCosts costs)
    {
        this.engine = Require.nonNull("engine", engine);
        this.bus = Require.nonNull("bus", bus);
        this.gic = Require.nonNull("cpuInterface", cpuInterface);
        this.pe = Require.nonNull("pe", pe);
        this.firmware = Require.nonNull("firmware", firmware);
        this.program = Require.nonNull("program", program);
        this.costs = Require.nonNull("costs", costs);
        if (index != engine.cpuCount())
        {
            throw new IllegalArgumentException("index must be the engine's next CPU " + engine.cpuCount()
                + ", was " + index);
        }
        if (cpuInterface.pe() != index || pe.index() != index)
        {
            throw new IllegalArgumentException("cpuInterface and pe must be PE " + index + "'s, were PE "
                + cpuInterface.pe() + "'s and PE " + pe.index() + "'s");
        }
        this.index = index;
        this.inputs = new PeInputs(engine, index, cpuInterface, this);
        this.sim = engine.addCpu(this, false);
        cpuInterface.connect(this);
    }

    // ---- Power ---------------------------------------------------------------------------------------

    /**
     * Powers the PE on, as the firmware does for the primary PE at boot and PSCI CPU_ON for the others: it starts
     * at {@code entry} in EL1h with X0 = {@code context}, PSTATE.{D, A, I, F} set and its other registers zero
     * (docs/decisions.md A67). Called from another CPU's run, the request arrives at that CPU's time.
     *
     * @param entry the address of its first instruction
     * @param context the value of X0
     * @return false, changing nothing, if the PE is on or a power-on request is already pending
     */
    public boolean powerOn(final long entry, final long context)
    {
        if (state != CoreState.OFF || inputs.startPending())
        {
            return false;
        }
        inputs.start(entry, context);
        return true;
    }

    /** @return what PSCI AFFINITY_INFO reports: ON (running or in WFI), OFF, or ON_PENDING */
    public Psci.AffinityState affinityState()
    {
        if (state != CoreState.OFF)
        {
            return Psci.AffinityState.ON;
        }
        return inputs.startPending() ? Psci.AffinityState.ON_PENDING : Psci.AffinityState.OFF;
    }

    /** The state after power-on (decision A67): the core's own registers; the GIC and the timers keep theirs. */
    private void powerUp(final long entry, final long context)
    {
        Arrays.fill(x, 0);
        x[0] = context;
        spEl0 = 0;
        spEl1 = 0;
        pc = entry;
        nzcv = 0;
        daif = El1.PSTATE_DAIF;
        spElx = true;
        illegal = false;
        spsr = 0;
        elr = 0;
        esr = 0;
        far = 0;
        vbar = 0;
        tpidr = 0;
        state = CoreState.RUNNING;
    }

    // ---- Inspection ----------------------------------------------------------------------------------

    /** @return the PE's number: its engine CPU, CPU interface and {@link Pe} */
    public int index()
    {
        return index;
    }

    /** @return whether it runs, waits in WFI or is off */
    public CoreState state()
    {
        return state;
    }

    /** @return PSTATE as SPSR_EL1 would hold it: NZCV, IL, D, A, I, F and M (EL1t or EL1h) */
    public long pstate()
    {
        return nzcv | (illegal ? El1.PSTATE_IL : 0) | daif | (spElx ? El1.M_EL1H : El1.M_EL1T);
    }

    /**
     * @param reg one of the core's own System registers
     * @return its value, as MRS would read it
     */
    public long register(final El1Register reg)
    {
        return switch (Require.nonNull("reg", reg))
        {
            case SPSR_EL1 -> spsr;
            case ELR_EL1 -> elr;
            case SP_EL0 -> spEl0;
            case SPSEL -> spElx ? 1 : 0;
            case CURRENT_EL -> CURRENT_EL1;
            case ESR_EL1 -> esr;
            case FAR_EL1 -> far;
            case VBAR_EL1 -> vbar;
            case TPIDR_EL1 -> tpidr;
            case NZCV -> nzcv;
            case DAIF -> daif;
        };
    }

    /** @return the instructions executed since construction */
    public long instructions()
    {
        return instructions;
    }

    /** @return its GIC CPU interface */
    public GicCpuInterface cpuInterface()
    {
        return gic;
    }

    /** @return its MPIDR_EL1 and Generic Timer */
    public Pe pe()
    {
        return pe;
    }

    /** @return the engine's CPU for this PE (its clock) */
    public SimCpu sim()
    {
        return sim;
    }

    // ---- Inputs from the CPU interface ---------------------------------------------------------------

    @Override
    public void irq(final boolean asserted)
    {
        inputs.level(false, asserted);
    }

    @Override
    public void fiq(final boolean asserted)
    {
        inputs.level(true, asserted);
    }

    /** An input arrived: a PE out of the run queue that now has something to do is woken. */
    void inputArrived()
    {
        if (state == CoreState.WAITING_FOR_INTERRUPT && (inputs.irq() || inputs.fiq())
            || state == CoreState.OFF && inputs.startPending())
        {
            sim.wake();
        }
    }

    // ---- The agent -----------------------------------------------------------------------------------

    @Override
    public void run(final SimCpu s)
    {
        while (s.time() < s.limit())
        {
            if (inputs.any())
            {
                recognize();
            }
            if (state != CoreState.RUNNING)
            {
                s.block(); // WFI or off: an input wakes the PE
                return;
            }
            execute();
        }
    }

    /** The instruction boundary (decision A62): power-on, the end of WFI, then FIQ before IRQ; at most one taken. */
    private void recognize()
    {
        if (inputs.takeStart() && state == CoreState.OFF)
        {
            powerUp(inputs.entry(), inputs.context());
        }
        if (state == CoreState.OFF)
        {
            return; // a powered-off PE takes no interrupt
        }
        final boolean irq = inputs.irq();
        final boolean fiq = inputs.fiq();
        if (state == CoreState.WAITING_FOR_INTERRUPT)
        {
            if (!irq && !fiq)
            {
                return;
            }
            state = CoreState.RUNNING; // the PC is already past WFI
        }
        if (fiq && (daif & El1.PSTATE_F) == 0)
        {
            take(Vector.FIQ, pc);
        }
        else if (irq && (daif & El1.PSTATE_I) == 0)
        {
            take(Vector.IRQ, pc);
        }
    }

    /** One instruction. */
    private void execute()
    {
        next = pc + 4;
        waiting = false;
        instructions++;
        sim.advance(costs.instruction());
        if ((pc & 3) != 0)
        {
            far = pc; // a PC alignment fault comes before an Illegal Execution state exception (D1.4.5.6)
            takeSynchronous(Syndrome.of(Syndrome.EC_PC_ALIGNMENT, 0), pc);
            return;
        }
        if (illegal)
        {
            takeSynchronous(Syndrome.of(Syndrome.EC_ILLEGAL_STATE, 0), pc);
            return;
        }
        try
        {
            program.step(this);
        }
        catch (final Abort a)
        {
            if (abortHasAddress)
            {
                far = abortAddress;
            }
            takeSynchronous(abortSyndrome, a == Abort.CALL ? next : pc);
            return;
        }
        pc = next;
        if (waiting)
        {
            state = CoreState.WAITING_FOR_INTERRUPT;
        }
    }

    private void takeSynchronous(final long syndrome, final long returnAddress)
    {
        esr = syndrome & 0xffff_ffffL;
        take(Vector.SYNCHRONOUS, returnAddress);
    }

    /**
     * Exception entry to EL1 (D1.4.2, decision A61): PSTATE to SPSR_EL1, the preferred return address to ELR_EL1,
     * PSTATE.{D, A, I, F, SP} set, IL cleared, the vector (D1.4.1.6) from the SP in use before.
     */
    private void take(final Vector vector, final long returnAddress)
    {
        spsr = pstate();
        elr = returnAddress;
        final boolean fromSpElx = spElx;
        daif = El1.PSTATE_DAIF;
        illegal = false;
        spElx = true;
        pc = vbar + vector.offset(fromSpElx);
        sim.advance(costs.exception());
    }

    // ---- EL1 -----------------------------------------------------------------------------------------

    @Override
    public long pc()
    {
        return pc;
    }

    @Override
    public void branch(final long target)
    {
        next = target;
    }

    @Override
    public long x(final int n)
    {
        return n == XZR ? 0 : x[n];
    }

    @Override
    public void setX(final int n, final long value)
    {
        if (n != XZR)
        {
            x[n] = value;
        }
    }

    @Override
    public long sp()
    {
        return spElx ? spEl1 : spEl0;
    }

    @Override
    public void setSp(final long value)
    {
        if (spElx)
        {
            spEl1 = value;
        }
        else
        {
            spEl0 = value;
        }
    }

    @Override
    public long read(final long address, final int size)
    {
        checkAccess(address, size, false);
        if (bus.isRam(address, size))
        {
            sim.advance(costs.memory());
            return bus.read(address, size);
        }
        sim.advance(costs.uncached());
        final long refused = bus.badAccesses();
        final long value = bus.read(address, size);
        if (bus.badAccesses() != refused)
        {
            dataAbort(address, false, Syndrome.DFSC_EXTERNAL);
        }
        return value;
    }

    @Override
    public void write(final long address, final int size, final long value)
    {
        checkAccess(address, size, true);
        if (bus.isRam(address, size))
        {
            sim.advance(costs.memory());
            bus.write(address, size, value);
            return;
        }
        sim.advance(costs.uncached());
        final long refused = bus.badAccesses();
        bus.write(address, size, value);
        if (bus.badAccesses() != refused)
        {
            dataAbort(address, true, Syndrome.DFSC_EXTERNAL);
        }
    }

    /** Device memory (translation off): an access not aligned to its size is an alignment fault (A68). */
    private void checkAccess(final long address, final int size, final boolean write)
    {
        Require.accessSize("size", size);
        if ((address & size - 1) != 0)
        {
            dataAbort(address, write, Syndrome.DFSC_ALIGNMENT);
        }
    }

    private void dataAbort(final long address, final boolean write, final int dfsc)
    {
        exception(Syndrome.dataAbort(write, dfsc), address);
    }

    @Override
    public long mrs(final SysRegEncoding reg)
    {
        final El1Register own = El1Register.at(reg.packed());
        if (own != null)
        {
            if (own == El1Register.SP_EL0 && !spElx)
            {
                undefined(); // SP_EL0 is reached as SP while it is selected
            }
            return register(own);
        }
        if (reg.op1() == 0)
        {
            final IccRegister icc = IccRegister.at(reg.op0(), reg.op1(), reg.crn(), reg.crm(), reg.op2());
            if (icc != null && icc.readable())
            {
                sim.advance(costs.sysreg());
                return gic.read(icc);
            }
        }
        final SysReg timer = el1Timer(reg);
        if (timer != null)
        {
            sim.advance(costs.sysreg());
            return pe.read(timer);
        }
        undefined();
        return 0;
    }

    @Override
    public void msr(final SysRegEncoding reg, final long value)
    {
        final El1Register own = El1Register.at(reg.packed());
        if (own != null)
        {
            if (!own.writable())
            {
                undefined(); // CurrentEL has no MSR encoding
            }
            writeOwn(own, value);
            return;
        }
        if (reg.op1() == 0)
        {
            final IccRegister icc = IccRegister.at(reg.op0(), reg.op1(), reg.crn(), reg.crm(), reg.op2());
            if (icc != null && icc.writable())
            {
                sim.advance(costs.sysreg());
                gic.write(icc, value);
                return;
            }
        }
        final SysReg timer = el1Timer(reg);
        if (timer != null)
        {
            sim.advance(costs.sysreg());
            if (pe.write(timer, value))
            {
                return;
            }
        }
        undefined();
    }

    /** @return the Generic Timer register EL1 may access at that encoding (op1 4 is EL2's), or null */
    private static SysReg el1Timer(final SysRegEncoding reg)
    {
        return reg.op1() == 4 ? null : SysReg.decode(reg.instruction());
    }

    /** An MSR to one of the core's own registers, keeping the bits decision A65 names. */
    private void writeOwn(final El1Register reg, final long value)
    {
        switch (reg)
        {
            case SPSR_EL1 -> spsr = value & SPSR_MASK;
            case ELR_EL1 -> elr = value;
            case SP_EL0 ->
            {
                if (!spElx)
                {
                    undefined();
                }
                spEl0 = value;
            }
            case SPSEL -> spElx = (value & 1) != 0;
            case ESR_EL1 -> esr = value & 0xffff_ffffL;
            case FAR_EL1 -> far = value;
            case VBAR_EL1 -> vbar = value & VBAR_MASK;
            case TPIDR_EL1 -> tpidr = value;
            case NZCV -> nzcv = value & El1.PSTATE_NZCV;
            case DAIF -> daif = value & El1.PSTATE_DAIF;
            default -> throw new IllegalStateException("not writable: " + reg); // refused by msr
        }
    }

    @Override
    public long daif()
    {
        return daif;
    }

    @Override
    public void daifSet(final int imm)
    {
        daif |= (long) (imm & 0xf) << 6;
    }

    @Override
    public void daifClr(final int imm)
    {
        daif &= ~((long) (imm & 0xf) << 6);
    }

    @Override
    public void wfi()
    {
        // No wait if an interrupt is pending, whatever PSTATE masks (D1.7.2.1, decision A63).
        waiting = !inputs.irq() && !inputs.fiq();
    }

    @Override
    public void eret()
    {
        final long s = spsr;
        final int m = (int) (s & 0x1f);
        next = elr;
        nzcv = s & El1.PSTATE_NZCV;
        daif = s & El1.PSTATE_DAIF;
        if (m == El1.M_EL1T || m == El1.M_EL1H)
        {
            spElx = m == El1.M_EL1H;
            illegal = (s & El1.PSTATE_IL) != 0;
        }
        else
        {
            illegal = true; // an illegal exception return: EL and SP stay as they are (D1.4.4.2, decision A64)
        }
        sim.advance(costs.exception());
    }

    @Override
    public void svc(final int imm)
    {
        abortSyndrome = Syndrome.svc(imm);
        abortHasAddress = false;
        throw Abort.CALL;
    }

    @Override
    public void hvc(final int imm)
    {
        undefined(); // no EL2 (decision A66)
    }

    @Override
    public void smc(final int imm)
    {
        sim.advance(costs.firmware());
        x[0] = firmware.smc((int) x[0], x[1], x[2], x[3]);
        if (firmware.power() != Psci.Power.ON)
        {
            // SYSTEM_OFF and SYSTEM_RESET do not return: the PE stops and the run ends (decision A69).
            state = CoreState.OFF;
            engine.stop();
        }
    }

    @Override
    public void undefined()
    {
        exception(Syndrome.undefined());
    }

    @Override
    public void exception(final long syndrome)
    {
        abortSyndrome = syndrome;
        abortHasAddress = false;
        throw Abort.FAULT;
    }

    @Override
    public void exception(final long syndrome, final long faultAddress)
    {
        abortSyndrome = syndrome;
        abortAddress = faultAddress;
        abortHasAddress = true;
        throw Abort.FAULT;
    }

    @Override
    public void charge(final long cycles)
    {
        sim.advance(Require.nonNegative("cycles", cycles));
    }

    @Override
    public String toString()
    {
        return "pe" + index + " " + state + " pc=0x" + Long.toHexString(pc);
    }

    /**
     * Ends a step at an instruction that takes a synchronous exception: one returning to the instruction, one
     * (SVC) to the next; shared instances without a stack trace.
     */
    private static final class Abort extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        static final Abort FAULT = new Abort("exception");
        static final Abort CALL = new Abort("supervisor call");

        private Abort(final String what)
        {
            super("the instruction takes a " + what + "; programs must let this pass", null, false, false);
        }
    }
}
