// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.util.Require;

/**
 * The architecture-specific half of the kernel, as the architecture-neutral half sees it: one narrow role
 * per class that NOVA keeps per architecture ({@code inc/x86_64/} and {@code inc/aarch64/}), none with a
 * default, so that a platform that leaves one out does not compile. Absence is spelled out only where the
 * specification defines what it means: {@link Iommu#NONE} (no DMA spaces, BAD_DEV), {@link Vcpus#NONE} (no
 * guest spaces or vCPUs, BAD_FTR) and {@link Ports#NONE} (no PIO or MSR spaces, BAD_FTR).
 *
 * <p>The platform is built before the kernel and never holds it: what the hardware reports comes back to
 * the kernel through the {@link KernelEvents} that the kernel hands the platform's interrupt entry
 * ({@link Interrupts#handle}).
 *
 * @param abi the hypercall register ABI
 * @param layout the CPUs and the memory the kernel may use (NOVA's memory layout and {@code Space_hst})
 * @param ec the architectural state of ECs and their exceptions (NOVA's {@code Ec_arch}, {@code Utcb_arch})
 * @param vcpus hardware virtualization (NOVA's {@code Vmcs}/{@code Vmcb}, Arm's {@code Vcpu}), or {@link Vcpus#NONE}
 * @param interrupts the interrupt controllers and the interrupt entry (NOVA's {@code Interrupt})
 * @param timer the per-CPU deadline timer (NOVA's {@code Timer})
 * @param iommu DMA translation (NOVA's {@code Smmu}), or {@link Iommu#NONE}
 * @param hip the architecture's part of the HIP (NOVA's {@code Hip_arch})
 * @param attributes memory attribute descriptors (MAD)
 * @param control ctrl_hw and classes of service (NOVA's {@code Cos}, {@code Acpi})
 * @param ports the x86 PIO and MSR spaces, or {@link Ports#NONE}
 */
public record Platform(Abi abi, Layout layout, EcArch ec, Vcpus vcpus, Interrupts interrupts, Timer timer,
                       Iommu iommu, HipArch hip, MemoryAttributes attributes, HwControl control, Ports ports)
{
    /**
     * Every role is required; a role the hardware lacks is its {@code NONE} object, where one is defined.
     *
     * @param abi the hypercall register ABI
     * @param layout the CPUs and the memory the kernel may use (NOVA's memory layout and {@code Space_hst})
     * @param ec the architectural state of ECs and their exceptions (NOVA's {@code Ec_arch}, {@code Utcb_arch})
     * @param vcpus hardware virtualization (NOVA's {@code Vmcs}/{@code Vmcb}, Arm's {@code Vcpu}), or
     * {@link Vcpus#NONE}
     * @param interrupts the interrupt controllers and the interrupt entry (NOVA's {@code Interrupt})
     * @param timer the per-CPU deadline timer (NOVA's {@code Timer})
     * @param iommu DMA translation (NOVA's {@code Smmu}), or {@link Iommu#NONE}
     * @param hip the architecture's part of the HIP (NOVA's {@code Hip_arch})
     * @param attributes memory attribute descriptors (MAD)
     * @param control ctrl_hw and classes of service (NOVA's {@code Cos}, {@code Acpi})
     * @param ports the x86 PIO and MSR spaces, or {@link Ports#NONE}
     */
    public Platform
    {
        Require.nonNull("abi", abi);
        Require.nonNull("layout", layout);
        Require.nonNull("ec", ec);
        Require.nonNull("vcpus", vcpus);
        Require.nonNull("interrupts", interrupts);
        Require.nonNull("timer", timer);
        Require.nonNull("iommu", iommu);
        Require.nonNull("hip", hip);
        Require.nonNull("attributes", attributes);
        Require.nonNull("control", control);
        Require.nonNull("ports", ports);
    }

    /**
     * @param space a space kind
     * @return whether the hardware has it: OBJ and HST always, GST with virtualization, DMA with an IOMMU,
     *         PIO and MSR on x86 (specification, "Capability Spaces": a space with SBW 0 does not exist)
     */
    public boolean supports(final Kind space)
    {
        return switch (space)
        {
            case OBJ, HST -> true;
            case GST -> vcpus != Vcpus.NONE;
            case DMA -> iommu != Iommu.NONE;
            case PIO, MSR -> ports != Ports.NONE;
            default -> false;
        };
    }

    /**
     * @param kind HST, GST or DMA
     * @return the SBW of memory spaces of that kind
     */
    public int selectorBits(final Kind kind)
    {
        return kind == Kind.HST ? layout.hostSelectorBits()
            : kind == Kind.GST ? vcpus.guestSelectorBits() : iommu.selectorBits();
    }
}
