// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.gic.its.ItsRegister;
import org.novaemu.arm.pcie.RootComplex;
import org.novaemu.kernel.Abi;
import org.novaemu.kernel.HipField;
import org.novaemu.machine.Machine;
import org.novaemu.machine.MachineBuilder;
import org.novaemu.util.Require;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.nova.Dtd;
import org.novaemu.x86.nova.Isd;

/**
 * What a root task must know of the machine's architecture and nothing else, so that every helper of the kit
 * takes a {@link Machine} and dispatches here: the ABI, the event selectors of a host EC (where STARTUP is), the
 * UTCB word and MTD of the instruction pointer, the memory attributes of device registers and RAM, whether PDs
 * need a PIO space, the MSI doorbell a DMA space must map, the DTD of create_dc and the ISD and index of an MSI.
 *
 * <p>On x86 (specification 8.6.7) a device's MSIs are GSIs of its segment's VT-d unit from PIN_NUM, each bound
 * to a vector slot of a CPU; on Arm (7.6.7) they are LPIs from INTID 8192, each bound to its device's EventID
 * (its MSI-X entry) in the ITS, and DMA (with the MSI write) goes through the SMMU by the root complex's StreamID.
 */
public enum Arch
{
    /** x86_64 with local APICs and a VT-d unit per PCI segment. */
    X86(Abi.X86_64, 64, 32)
    {
        @Override
        public MachineBuilder<?, ?> builder()
        {
            return X86Machine.builder();
        }

        @Override
        public int ipWord()
        {
            return org.novaemu.x86.nova.ArchState.RIP_WORD;
        }

        @Override
        public int ipMtd()
        {
            return org.novaemu.x86.nova.ArchState.RIP;
        }

        @Override
        public int deviceMemory()
        {
            return 3; // UC (specification 8.6.5)
        }

        @Override
        public int ram()
        {
            return 0; // WB
        }

        @Override
        public boolean hasPio()
        {
            return true; // an EC's PD needs a PIO space, even an empty one
        }

        @Override
        public long doorbell()
        {
            return 0; // VT-d takes the interrupt range 0xFEEx_xxxx before DMA remapping
        }

        @Override
        public long kernelMemory()
        {
            return X86Machine.KERNEL_MEMORY;
        }

        @Override
        public long[] dtd(final Machine m, final int sbdf, final int n)
        {
            Require.nonNegative("n", n);
            final int segment = sbdf >>> 16;
            final Dtd d = new Dtd(segment, sbdf & 0xffff, X86Machine.VTD_BASE + 0x1000L * segment);
            return new long[] {d.word0(), d.word1(), 0};
        }

        @Override
        public long msiIsd(final Machine m, final int segment, final int n)
        {
            // segment [31:16], GSI [15:0] from PIN_NUM, which the HIP gives (24 pins per I/O APIC; 8.6.7)
            final long pins = m.kernel().hip().get(HipField.X86_PIN_NUM);
            return new Isd(segment, (int) pins + n).value();
        }
    },

    /** AArch64 with a GICv3 and its ITS, and an SMMU if the machine has one. */
    ARM(Abi.AARCH64, 128, 64)
    {
        @Override
        public MachineBuilder<?, ?> builder()
        {
            return ArmMachine.builder().its(true).smmu(true);
        }

        @Override
        public int ipWord()
        {
            return org.novaemu.arm.nova.ArchState.ELR_WORD;
        }

        @Override
        public int ipMtd()
        {
            return org.novaemu.arm.nova.ArchState.EL2_ELR_SPSR;
        }

        @Override
        public int deviceMemory()
        {
            return 0; // CA 0: Device-nGnRnE, not shareable (specification 7.6.5)
        }

        @Override
        public int ram()
        {
            return 0x1f; // CA 7: write-back, SH 3: inner shareable, as the kernel's own pages
        }

        @Override
        public boolean hasPio()
        {
            return false; // Arm has no PIO spaces
        }

        @Override
        public long doorbell()
        {
            return ArmMachine.GITS_BASE + ItsRegister.TRANSLATER.offset() & ~0xfffL; // the translation frame
        }

        @Override
        public long kernelMemory()
        {
            return ArmMachine.KERNEL_MEMORY;
        }

        @Override
        public long[] dtd(final Machine m, final int sbdf, final int n)
        {
            Require.nonNegative("n", n);
            if (!(m instanceof ArmMachine a))
            {
                throw new IllegalArgumentException("m must be an ArmMachine for Arch.ARM, was "
                    + (m == null ? "null" : m.getClass().getName()));
            }
            // By the root complex's iommu-map and msi-map (what the device tree tells a root task)
            final RootComplex rc = a.rootComplex(sbdf >>> 16);
            final long sid = rc.streamId(sbdf & 0xffff) & 0xffffffffL;
            final long did = rc.deviceId(sbdf & 0xffff) & 0xffffffffL;
            final long gits = a.its() != null ? ArmMachine.GITS_BASE : 0;
            if (a.smmuv2() != null)
            {
                // SMMUv2 (7.6.7.2): word 0 SID [15:0], SIDmask [31:16] (0: this StreamID only), DID [63:32];
                // word 1 the SMMU | SMG [7:0]; word 2 the GITS | CTX [7:0]. Device n takes SMG n and context
                // bank n, so that no two devices share a group or a bank (U16).
                final long smgs = m.kernel().hip().get(HipField.ARM_SMG_NUM);
                final long ctxs = m.kernel().hip().get(HipField.ARM_CTX_NUM);
                if (n >= smgs || n >= ctxs)
                {
                    throw new IllegalArgumentException("n: device " + n + " needs stream mapping group " + n
                        + " and context bank " + n + ", but the SMMUv2 has SMG_NUM " + smgs + " and CTX_NUM " + ctxs);
                }
                return new long[] {did << 32 | sid & 0xffff, ArmMachine.SMMUV2_BASE | n, gits | n};
            }
            // SMMUv3 (7.6.7.1): word 0 StreamID [31:0] and DeviceID [63:32]; word 1 the SMMU; word 2 the GITS
            return new long[] {did << 32 | sid, a.smmu() != null ? ArmMachine.SMMU_BASE : 0, gits};
        }

        @Override
        public long msiIsd(final Machine m, final int segment, final int n)
        {
            return Intid.LPI + n; // the LPI's INTID; LPIs are numbered across segments
        }
    };

    private final Abi abi;
    private final int eventsPerCpu;
    private final int startup;

    Arch(final Abi abi, final int eventsPerCpu, final int startup)
    {
        this.abi = abi;
        this.eventsPerCpu = eventsPerCpu;
        this.startup = startup;
    }

    /**
     * @param m a machine
     * @return its architecture
     * @throws IllegalArgumentException for a machine the kit does not know
     */
    public static Arch of(final Machine m)
    {
        if (m instanceof X86Machine)
        {
            return X86;
        }
        if (m instanceof ArmMachine)
        {
            return ARM;
        }
        throw new IllegalArgumentException("machine must be an X86Machine or an ArmMachine, was "
            + (m == null ? "null" : m.getClass().getName()));
    }

    /** @return its hypercall ABI (which register is the stack pointer) */
    public Abi abi()
    {
        return abi;
    }

    /** @return how many event selectors a host EC's event selector base covers */
    public int eventsPerCpu()
    {
        return eventsPerCpu;
    }

    /** @return the STARTUP event's offset from a host EC's event selector base */
    public int startup()
    {
        return startup;
    }

    /** @return a builder of its machine with interrupt and DMA remapping (x86 VT-d; Arm ITS and SMMUv3) */
    public abstract MachineBuilder<?, ?> builder();

    /** @return the UTCB word of the instruction pointer in an exception or STARTUP message */
    public abstract int ipWord();

    /** @return the MTD that transfers the instruction pointer in a reply */
    public abstract int ipMtd();

    /** @return ctrl_pd's memory attributes for device registers */
    public abstract int deviceMemory();

    /** @return ctrl_pd's memory attributes for RAM */
    public abstract int ram();

    /** @return whether a PD whose ECs run needs a PIO space (x86) */
    public abstract boolean hasPio();

    /**
     * @return the page of the MSI doorbell that a device's DMA space must map at its own address (Arm: the ITS's
     *         translation frame, since the SMMU translates an MSI as any write), or 0 where MSIs bypass DMA
     *         remapping (x86)
     */
    public abstract long doorbell();

    /**
     * @return the physical address of the kernel's own memory, which no DMA space maps: what a malicious device
     *         aims its writes at in a test
     */
    public abstract long kernelMemory();

    /**
     * The device topology descriptor of create_dc for a PCI function, as firmware describes it: x86 the
     * segment:bus:device.function and the segment's VT-d unit (8.6.7); Arm the StreamID and DeviceID of the root
     * complex's maps, the SMMU and the ITS, in the SMMUv3 layout (7.6.7.1) or, on a machine with an SMMUv2, the
     * SMMUv2 layout (7.6.7.2) with stream mapping group and context bank {@code n}.
     *
     * @param m the machine (an ArmMachine for ARM)
     * @param sbdf the function's segment [31:16], bus, device and function
     * @param n which device this is among those a root task gives DCs, from 0: an SMMUv2's group and bank
     * @return the DTD's three words
     * @throws IllegalArgumentException naming {@code m} if it is not of this architecture, or {@code n} and the
     *         SMMUv2's SMG_NUM and CTX_NUM if it has no group or bank {@code n}
     */
    public abstract long[] dtd(Machine m, int sbdf, int n);

    /**
     * @param m the machine
     * @param segment the device's PCI segment
     * @param n the MSI's number: within its segment on x86, across the machine on Arm
     * @return the ISD of its interrupt semaphore (x86 segment:GSI from the HIP's PIN_NUM; Arm the LPI's INTID)
     */
    public abstract long msiIsd(Machine m, int segment, int n);
}
