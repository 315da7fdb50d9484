// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The architecture-specific half of the kernel, as the architecture-neutral half sees it. The x86 and Arm
 * platform modules implement it; a platform without some hardware answers as the specification says for
 * its absence (unsupported space types give BAD_FTR, an interrupt descriptor naming no interrupt BAD_PAR).
 */
public interface Platform
{
    /** @return the hypercall register ABI */
    Abi abi();

    /** @return the number of CPUs (the HIP's CPU_MAX + 1) */
    int cpus();

    /**
     * @param space a space kind
     * @return whether the hardware supports it (OBJ and HST always; GST with CPU virtualization, DMA with
     *         an IOMMU, PIO and MSR on x86)
     */
    boolean supports(Kind space);

    /** @return SBW_HST: the number of host-space selector (page number) bits; user HVAs lie below 2^(SBW_HST + 12) */
    int hostSelectorBits();

    /** @return SBW_GST: guest-space selector bits (guest-physical page numbers), if GST is supported */
    default int guestSelectorBits()
    {
        return 36;
    }

    /** @return SBW_DMA: DMA-space selector bits (device-virtual page numbers), if DMA is supported */
    default int dmaSelectorBits()
    {
        return 36;
    }

    /**
     * Decodes the MAD of a delegation out of the NOVA host space (specification, "Memory Attribute
     * Descriptor": x86 CA and KID, Arm CA and SH).
     *
     * @param mad the MAD, bits 31:0
     * @return the attributes to store in the capabilities, at most {@link SpaceMem#ATTRIBUTE_BITS} bits, or
     *         -1 if a field is invalid (BAD_PAR)
     */
    long memoryAttributes(long mad);

    /** @return the attributes of the pages the kernel maps itself (UTCBs, the HIP): normal write-back memory */
    long kernelPageAttributes();

    /** @return the physical address of the memory the kernel reserves for the HIP and UTCBs, 4 KiB aligned */
    default long kernelMemoryBase()
    {
        return 0x0100_0000L;
    }

    /** @return the size of that memory in bytes; it bounds the number of host ECs (one UTCB each) */
    default long kernelMemorySize()
    {
        return 0x0400_0000L;
    }

    /**
     * @return further physical ranges the kernel keeps to itself (the registers of the interrupt
     *         controllers and IOMMUs it drives), as pairs of base and size in bytes, 4 KiB aligned; the NOVA
     *         host space gives null capabilities for them
     */
    default long[] protectedMemory()
    {
        return new long[0];
    }

    /**
     * @return SEL_HST/ARCH: the number of architectural event selectors of a host EC; the NOVA events
     *         (STARTUP = 0, RECALL = 1) follow them, so an EC's STARTUP portal is {@code evt + this}
     */
    int hostArchEvents();

    /**
     * @return SEL_GST/ARCH: the number of architectural event selectors of a vCPU (its VM exits); its
     *         STARTUP and RECALL portals follow at {@code evt + this + 0 and 1}
     */
    default int guestArchEvents()
    {
        return 0;
    }

    /** @return whether a vCPU has a page the kernel maps at its hvp (Intel: the virtual-APIC page) */
    default boolean vcpuPage()
    {
        return false;
    }

    /**
     * Runs a vCPU's guest until its next VM exit, charging the guest's time to the vCPU's CPU. A platform
     * without a guest model halts the guest at once; a RECALL (ctrl_ec) takes it out of the halt.
     *
     * @param vcpu the vCPU, with no event pending
     * @return the exit's event number (below SEL_GST/ARCH), or -1 if the guest halted
     */
    default int runGuest(final Ec vcpu)
    {
        return -1;
    }

    /** @return the number of classes of service (COS_NUM), 0 if the hardware has none */
    int classesOfService();

    /**
     * Event delivery: copies the architectural state of {@code from} that {@code mtd} selects into the
     * handler's UTCB, in the architecture's UTCB layout.
     *
     * @param from the EC the event belongs to; an exception's number, syndrome and address are in it
     * @param mtd the portal's architectural MTD
     * @param handler the handler EC
     */
    void saveState(Ec from, int mtd, User handler);

    /**
     * Event reply: copies the state that {@code mtd} selects from the handler's UTCB back into the EC.
     *
     * @param handler the handler EC
     * @param mtd the reply's architectural MTD
     * @param to the EC the event belonged to
     * @return false if the reply poisons the EC (the MTD's POISON bit, or state it may not take): the kernel
     *         kills it ("illegal execution state")
     */
    boolean loadState(User handler, int mtd, Ec to);

    /**
     * @param access {@link User#READ}, {@link User#WRITE} or {@link User#FETCH}
     * @return the event a user access raises when the host space does not allow it (x86: #PF, 14; Arm:
     *         the data or instruction abort from a lower exception level), below SEL_HST/ARCH
     */
    int faultEvent(int access);

    /**
     * @param access the access kind
     * @param present whether the page is mapped (a permission fault) or not (a translation fault)
     * @return the syndrome the architecture reports (x86: the #PF error code; Arm: the ESR)
     */
    long faultSyndrome(int access, boolean present);

    /**
     * An interrupt semaphore that assign_int attached has lost its last capability: the platform takes it
     * out of its slot and stops its interrupt, so that nothing signals a dead semaphore.
     *
     * @param sm the semaphore
     */
    default void interruptGone(final Sm sm)
    {
    }

    /**
     * Sends an IPI from the CPU the kernel runs on to {@code cpu} through the platform's interrupt
     * controller; when it arrives, {@link #handleInterrupts} on the target calls {@link Kernel#ipiArrived}.
     *
     * @param cpu the target CPU
     * @param kind what it asks for
     * @return false if the platform does not send IPIs: the kernel then lets it arrive {@link Costs#ipi()}
     *         cycles later by itself
     */
    default boolean sendIpi(final int cpu, final Ipi kind)
    {
        return false;
    }

    /**
     * Programs a CPU's timer to interrupt at an absolute STC (x86: the local APIC's TSC-deadline timer);
     * when it fires, {@link #handleInterrupts} on that CPU calls {@link Kernel#timerInterrupt}. A timer
     * programmed again replaces the earlier deadline.
     *
     * @param cpu the CPU
     * @param deadline the STC at which to interrupt
     * @return false if the platform has no timer: the kernel then keeps the deadline by itself
     */
    default boolean armTimer(final int cpu, final long deadline)
    {
        return false;
    }

    /**
     * @return where programs (the code of boot modules) are placed in physical memory: module n occupies
     *         the 1 GiB from {@code moduleBase() + n * 2^30}; 1 GiB aligned, outside RAM the kernel uses
     */
    default long moduleBase()
    {
        return 1L << 40;
    }

    /**
     * @param isd an interrupt semaphore descriptor ({@code create_sm} with I=1)
     * @return whether it names an interrupt that an interrupt semaphore can be bound to
     */
    boolean validIsd(long isd);

    /**
     * The hardware half of assign_dev: attach the device named by {@code dc} to a DMA space through its
     * IOMMU. Without an IOMMU model no DTD names a unit: BAD_DEV.
     *
     * @param dc the device context
     * @param dma the DMA space
     * @return the status
     */
    default Status assignDev(final Dc dc, final Space dma)
    {
        return Status.BAD_DEV;
    }

    /**
     * The hardware half of assign_int: attach or detach an interrupt semaphore to an SM-table slot and
     * program the interrupt's route. On success for an MSI, {@code msi[0]} and {@code msi[1]} receive the
     * address and data the driver must program into the device; they stay 0 for pins.
     *
     * @param attach whether to attach (A=1) or detach
     * @param sm the interrupt semaphore
     * @param dc the device context for an MSI, or null
     * @param cpu the target CPU, already checked against the CPU count
     * @param idx the slot index (x86) or event ID (Arm LPI)
     * @param cfg the configuration bits 3:0 (M, T, P, G)
     * @param msi the two outputs
     * @return the status
     */
    default Status assignInt(final boolean attach, final Sm sm, final Dc dc, final int cpu, final int idx,
                             final int cfg, final long[] msi)
    {
        return Status.BAD_DEV;
    }

    /**
     * The kernel's interrupt entry on a CPU, after {@link Kernel#interruptPending}: acknowledge the interrupt
     * controller, up the semaphores of the interrupts taken ({@link Kernel#signal}), handle the kernel's
     * own vectors, and end the interrupts as the architecture wants (x86: LAPIC EOI; level pins end on the
     * semaphore's down, {@link #deactivate}). Runs on {@code cpu}'s time; entering costs
     * {@link Costs#hypercall}.
     *
     * @param cpu the CPU
     */
    default void handleInterrupts(final int cpu)
    {
    }

    /**
     * @param kind a memory space kind (HST, GST, DMA)
     * @return the page-table format the platform's hardware walks spaces of that kind in (DMA spaces: the
     *         IOMMU's), or null if the kernel keeps them only for itself
     */
    default PageTableFormat pageTableFormat(final Kind kind)
    {
        return null;
    }

    /**
     * A memory space the hardware walks ({@link #pageTableFormat}) has changed: the kernel invalidates
     * what the hardware may have cached of it (x86: the IOMMU's IOTLB for the space's domain), as NOVA
     * does after every update of a DMA space; user drivers cannot.
     *
     * @param space the space
     */
    default void memorySpaceChanged(final SpaceMem space)
    {
    }

    /**
     * The hardware half of ctrl_hw (the root PD is already checked).
     *
     * @param op the OP: 0 sleep or reset, 4 QOS configuration, 5 L3 CAT mask, 6 L2 CAT mask, 7 MBA delay
     * @param desc the descriptor, bits 63:8 of the first register
     * @return the status; BAD_FTR for what the hardware does not have
     */
    default Status ctrlHw(final int op, final long desc)
    {
        return Status.BAD_FTR;
    }

    /**
     * Called on every down of an interrupt semaphore: the interrupt is deactivated (Arm: DIR unless the
     * guest owns it; x86 level pins: directed EOI to the IOAPIC).
     *
     * @param sm the interrupt semaphore
     */
    default void deactivate(final Sm sm)
    {
    }

    /**
     * @param port an I/O port
     * @return whether NOVA withholds it from its PIO space (x86: PM1a_CNT, PM1b_CNT, PM2_CNT and SMI_CMD
     *         from the ACPI FADT)
     */
    default boolean portWithheld(final int port)
    {
        return false;
    }

    /**
     * @param msr an MSR number
     * @return the permissions (R = 1, W = 2) NOVA's MSR space grants for it; 0 for none
     */
    default int novaMsrPerms(final long msr)
    {
        return 0;
    }

    /**
     * Fills the platform's part of the HIP: image and firmware addresses, features, memory-space selector
     * widths and orders, vCPU event selectors, and the architecture part (x86: VEC_NUM, PIN_NUM, GSI_NUM;
     * Arm: SPI_NUM, ESPI_NUM, LPI_NUM). The kernel has set its own fields and seals the HIP afterwards.
     *
     * @param hip the HIP being built
     */
    default void describe(final Hip hip)
    {
    }
}
