// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import org.novaemu.arm.ArmMachine;
import org.novaemu.arm.gic.Intid;
import org.novaemu.arm.smmu.Smmuv3;
import org.novaemu.kernel.Abi;
import org.novaemu.kernel.Calls;
import org.novaemu.kernel.HipField;
import org.novaemu.kernel.User;
import org.novaemu.machine.Machine;
import org.novaemu.machine.MachineBuilder;
import org.novaemu.util.Require;
import org.novaemu.x86.X86Machine;
import org.novaemu.x86.nova.Isd;
import org.novaemu.x86.nova.Vectors;

/**
 * What the demo's one root task, driver and scenario need to know of an architecture, and nothing else: the
 * machine (with which interrupt and DMA remapping), the ABI, where firmware puts each segment's ECAM and BAR window,
 * the memory attributes of device registers and RAM, the event selectors of a host EC (where STARTUP is) and the
 * UTCB word and MTD of its instruction pointer, the DTD of create_dc, the ISD of an MSI's semaphore and
 * assign_int's index, and what the HIP says of the interrupts there are.
 *
 * <p>On x86 (specification 8.6.7) a device's MSIs are GSIs of its segment's VT-d unit, from PIN_NUM, each bound
 * to a CPU's vector slot; on Arm (7.6.7, SMMUv3 format) they are LPIs, numbered across all devices from INTID
 * 8192, each bound to its device's EventID (its MSI-X entry) in the ITS, and the device's DMA goes through the
 * SMMUv3 by the StreamID of the root complex's {@code iommu-map}.
 *
 * <p>What any root task must know of the architecture (the ABI, event selectors, the IP's UTCB word and MTD, memory
 * attributes, the doorbell, the DTD) comes from the test kit's {@link org.novaemu.testkit.Arch}; this enum adds
 * the demo's own: its option and names, its limits, the HIP's MSI fields, ISDs and indices by vector number.
 */
enum Arch
{
    /** x86_64 with a VT-d unit per PCI segment. */
    X86("x86", "x86_64", "CPUs", "local APICs, VT-d interrupt and DMA remapping; an MSI is a GSI bound to a CPU's "
        + "vector slot", org.novaemu.testkit.Arch.X86)
    {
        @Override
        MachineBuilder<?, ?> builder(final MsiScenario.Config c)
        {
            final int perSegment = (c.devices() + c.segments() - 1) / c.segments();
            return X86Machine.builder().gsis(X86Machine.PINS + perSegment * c.vectors());
        }

        @Override
        void check(final MsiScenario.Config c)
        {
            checkSegments(c, X86Machine.MAX_SEGMENTS);
            final long total = (long) c.devices() * c.vectors();
            if (total > (long) c.cpus() * Vectors.SLOTS)
            {
                throw new IllegalArgumentException("devices x vectors = " + total + " interrupts need at least "
                    + (total + Vectors.SLOTS - 1) / Vectors.SLOTS + " CPUs (NOVA has "
                    + Vectors.SLOTS + " vector slots per CPU), not " + c.cpus());
            }
            final long perSegment = (long) (c.devices() + c.segments() - 1) / c.segments() * c.vectors();
            if (perSegment > (1 << 16) - X86Machine.PINS)
            {
                throw new IllegalArgumentException("a segment's " + perSegment + " interrupts exceed its "
                    + ((1 << 16) - X86Machine.PINS) + " MSI GSIs: use more segments");
            }
        }

        @Override
        long ecam(final int segment)
        {
            return X86Machine.ecam(segment);
        }

        @Override
        long mmio64(final int segment)
        {
            return X86Machine.mmio64(segment);
        }

        @Override
        MsiSpace msiSpace(final User u, final long hip)
        {
            // The HIP's x86 row at 0xA0: VEC_NUM, PIN_NUM, GSI_NUM (of each segment).
            final long x86 = u.read(hip + HipField.X86_VEC_NUM.offset(), 8);
            return new MsiSpace((int) (x86 >>> 16) & 0xffff, (int) (x86 >>> 32), (int) x86 & 0xff, true);
        }

        @Override
        long isd(final MsiSpace s, final int segment, final int inSegment, final int global)
        {
            return new Isd(segment, s.first() + inSegment).value(); // segment [31:16], GSI [15:0]
        }

        @Override
        int index(final int global, final int entry, final int cpus)
        {
            return global / cpus; // the vector slot on the CPU
        }

        @Override
        long spurious(final Machine m)
        {
            return ((X86Machine) m).platform().interrupts().spurious();
        }

        @Override
        long iommuFaults(final Machine m)
        {
            long n = 0;
            for (int s = 0; s < m.segments(); s++)
            {
                n += ((X86Machine) m).vtd(s).faults();
            }
            return n;
        }
    },

    /** AArch64 with a GICv3 ITS and an SMMUv3. */
    ARM("arm", "aarch64", "PEs", "GICv3 with an ITS and an SMMUv3; an MSI is an LPI bound to its device's EventID",
        org.novaemu.testkit.Arch.ARM)
    {
        @Override
        MachineBuilder<?, ?> builder(final MsiScenario.Config c)
        {
            return ArmMachine.builder().its(true).smmu(true);
        }

        @Override
        void check(final MsiScenario.Config c)
        {
            checkSegments(c, ArmMachine.MAX_SEGMENTS);
            // StreamIDs are segment << 16 | RID (the default iommu-map, A124): the SMMU's SIDSIZE bounds the segments.
            final int segments = 1 << Math.max(0, Smmuv3.MAX_SID_BITS - 16);
            if (c.segments() > segments)
            {
                throw new IllegalArgumentException("segments: " + c.segments() + ", but the SMMU's "
                    + Smmuv3.MAX_SID_BITS + " StreamID bits cover the requester IDs of " + segments);
            }
            if (c.vectors() > EVENTS)
            {
                throw new IllegalArgumentException("vectors: " + c.vectors() + " per device exceed the " + EVENTS
                    + " EventIDs of a device's ITT");
            }
            final long total = (long) c.devices() * c.vectors();
            if (total > LPIS)
            {
                throw new IllegalArgumentException("devices x vectors = " + total + " interrupts exceed the GIC's "
                    + LPIS + " LPIs");
            }
        }

        @Override
        long ecam(final int segment)
        {
            return ArmMachine.ecam(segment);
        }

        @Override
        long mmio64(final int segment)
        {
            return ArmMachine.mmio64(segment);
        }

        @Override
        MsiSpace msiSpace(final User u, final long hip)
        {
            final long lpis = u.read(hip + HipField.ARM_LPI_NUM.offset(), 8) >>> HipField.ARM_LPI_NUM.shift();
            return new MsiSpace(Intid.LPI, Intid.LPI + (int) lpis, Integer.MAX_VALUE, false);
        }

        @Override
        long isd(final MsiSpace s, final int segment, final int inSegment, final int global)
        {
            return s.first() + global; // the LPI's INTID
        }

        @Override
        int index(final int global, final int entry, final int cpus)
        {
            return entry; // the EventID: the device's MSI-X entry, which the ITS translates
        }

        @Override
        long spurious(final Machine m)
        {
            return ((ArmMachine) m).interrupts().spurious();
        }

        @Override
        long iommuFaults(final Machine m)
        {
            final ArmMachine a = (ArmMachine) m;
            return a.smmuDriver().eventsHandled() + a.interrupts().itsFailures();
        }
    };

    /** EventIDs of a device's one-page ITT (A141). */
    static final int EVENTS = 512;
    /** LPIs of the machine's GIC: INTIDs 8192 to 65535 (A9). */
    static final int LPIS = 65_536 - Intid.LPI;
    /** The 64-bit BAR window of a segment, the same size on both machines. */
    static final long MMIO64_SIZE = 16L << 30;

    private final String option;
    private final String title;
    private final String cpus;
    private final String summary;
    /** The test kit's view of the architecture, which holds what a root task needs to know of it. */
    private final org.novaemu.testkit.Arch kit;

    Arch(final String option, final String title, final String cpus, final String summary,
         final org.novaemu.testkit.Arch kit)
    {
        this.kit = kit;
        this.option = option;
        this.title = title;
        this.cpus = cpus;
        this.summary = summary;
    }

    /**
     * The MSIs the HIP describes.
     *
     * @param first the first MSI's GSI or INTID
     * @param end the end of the MSIs' numbers (of each segment where {@code perSegment})
     * @param perCpu how many one CPU can take
     * @param perSegment whether each segment numbers its MSIs from {@code first}
     */
    record MsiSpace(int first, int end, int perCpu, boolean perSegment)
    {
    }

    /** @return the value of {@code --arch} that names it */
    String option()
    {
        return option;
    }

    /** @return its name in the summary */
    String title()
    {
        return title;
    }

    /** @return what its manuals call a CPU, in the plural */
    String cpus()
    {
        return cpus;
    }

    /** @return how its interrupts and DMA are remapped, in a line */
    String summary()
    {
        return summary;
    }

    /** @return its ABI */
    Abi abi()
    {
        return kit.abi();
    }

    /** @return how many event selectors a host EC's base covers (the root task spaces CPUs' bases by it) */
    int eventsPerCpu()
    {
        return kit.eventsPerCpu();
    }

    /** @return the STARTUP event's offset from a host EC's event selector base */
    int startup()
    {
        return kit.startup();
    }

    /**
     * @param option a value of {@code --arch}
     * @return the architecture it names
     */
    static Arch of(final String option)
    {
        for (final Arch a : values())
        {
            if (a.option.equals(option))
            {
                return a;
            }
        }
        throw new IllegalArgumentException("--arch must be x86, arm or both, was " + option);
    }

    /**
     * @param c what to build
     * @return a builder of its machine with the architecture's interrupt and DMA remapping
     */
    abstract MachineBuilder<?, ?> builder(MsiScenario.Config c);

    /**
     * Checks that the configuration fits the architecture.
     *
     * @param c what to build
     * @throws IllegalArgumentException naming what does not fit
     */
    abstract void check(MsiScenario.Config c);

    /**
     * @param segment a PCI segment
     * @return its ECAM window's physical address (256 MiB)
     */
    abstract long ecam(int segment);

    /**
     * @param segment a PCI segment
     * @return its 64-bit BAR window's physical address ({@link #MMIO64_SIZE} bytes)
     */
    abstract long mmio64(int segment);

    /** @return ctrl_pd's memory attributes for device registers */
    int deviceMemory()
    {
        return kit.deviceMemory();
    }

    /** @return ctrl_pd's memory attributes for RAM */
    int ram()
    {
        return kit.ram();
    }

    /** @return whether a PD whose ECs run needs a PIO space */
    boolean needsPioSpace()
    {
        return kit.hasPio();
    }

    /**
     * @return the page of the MSI doorbell that devices' DMA spaces must map at its own address, or 0 where MSIs
     *         are not translated as DMA
     */
    long doorbell()
    {
        return kit.doorbell();
    }

    /** @return the UTCB word of the instruction pointer in an exception message */
    int ipWord()
    {
        return kit.ipWord();
    }

    /** @return the MTD that transfers the instruction pointer */
    int ipMtd()
    {
        return kit.ipMtd();
    }

    /**
     * Sets up create_dc for a PCI function, its DTD as the kit derives it from the machine's firmware.
     *
     * @param u the root EC
     * @param sel the DC's selector
     * @param pd the PD that gets it
     * @param m the machine, for what its firmware describes
     * @param sbdf the function's segment [31:16], bus, device and function
     * @param n which device this is, from 0 (an SMMUv2's stream mapping group and context bank)
     */
    void createDc(final User u, final long sel, final long pd, final Machine m, final int sbdf, final int n)
    {
        final long[] dtd = kit.dtd(m, sbdf, n);
        Calls.createDc(u, sel, pd, dtd[0], dtd[1], dtd[2]);
    }

    /**
     * @param u the root EC
     * @param hip the HIP's address
     * @return the MSIs it describes
     */
    abstract MsiSpace msiSpace(User u, long hip);

    /**
     * @param s the MSIs there are
     * @param segment the device's segment
     * @param inSegment the vector's number within its segment
     * @param global the vector's number across all devices
     * @return its semaphore's ISD
     */
    abstract long isd(MsiSpace s, int segment, int inSegment, int global);

    /**
     * @param global the vector's number across all devices (it goes to CPU global mod cpus)
     * @param entry its MSI-X table entry in its device
     * @param cpus the CPUs
     * @return assign_int's index: x86's vector slot, Arm's EventID
     */
    abstract int index(int global, int entry, int cpus);

    /**
     * @param m the machine
     * @return interrupts its kernel took that no semaphore was bound to
     */
    abstract long spurious(Machine m);

    /**
     * @param m the machine
     * @return faults the IOMMUs (and on Arm the ITS) recorded
     */
    abstract long iommuFaults(Machine m);

    /** Segments: at least one, at most the machine's and no more than there are devices. */
    private static void checkSegments(final MsiScenario.Config c, final int most)
    {
        Require.inRange("segments", c.segments(), 1, Math.min(most, c.devices()));
    }
}
