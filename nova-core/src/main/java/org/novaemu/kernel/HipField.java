// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The fields of the Hypervisor Information Page (specification section 6.3; x86 part 8.6.2, Arm part
 * 7.6.2): byte offset of the 64-bit row, bit position within it, and width. All fields are little-endian.
 */
public enum HipField
{
    /** "NOVA" = 0x41564f4e. */
    SIGNATURE(0x00, 0, 32),
    /** Makes the 16-bit sum over the whole HIP zero. */
    CHECKSUM(0x00, 32, 16),
    /** Length of the entire HIP in bytes. */
    LENGTH(0x00, 48, 16),
    /** Physical start of the NOVA image. */
    NOVA_START(0x08, 0, 64),
    /** Physical end of the NOVA image. */
    NOVA_END(0x10, 0, 64),
    /** Physical start of the memory-buffer console. */
    MBUF_START(0x18, 0, 64),
    /** Physical end of the memory-buffer console. */
    MBUF_END(0x20, 0, 64),
    /** Physical start of the root image. */
    ROOT_START(0x28, 0, 64),
    /** Physical end of the root image. */
    ROOT_END(0x30, 0, 64),
    /** ACPI RSDP address, all ones if there is none. */
    ACPI_RSDP(0x38, 0, 64),
    /** Framebuffer physical address. */
    FB_ADDRESS(0x40, 0, 64),
    /** Framebuffer size in bytes, 0 if there is none. */
    FB_SIZE(0x48, 0, 64),
    /** Framebuffer pixel format (RL, RH, GL, GH, BL, BH, bytes per pixel - 1). */
    FB_FORMAT(0x50, 0, 32),
    /** Pixels per scanline. */
    FB_PITCH(0x50, 32, 32),
    /** Horizontal resolution. */
    FB_X(0x58, 0, 32),
    /** Vertical resolution. */
    FB_Y(0x58, 32, 32),
    /** UEFI memory map address, all ones if there is none. */
    UEFI_MAP(0x60, 0, 64),
    /** UEFI memory map size. */
    UEFI_MAP_SIZE(0x68, 0, 32),
    /** UEFI memory descriptor size. */
    UEFI_DESC_SIZE(0x68, 32, 16),
    /** UEFI memory descriptor version. */
    UEFI_DESC_VERSION(0x68, 48, 16),
    /** System time counter frequency in Hz. */
    STC_FREQ(0x70, 0, 64),
    /** Selector bits of object spaces. */
    SBW_OBJ(0x78, 0, 8),
    /** Selector bits of host spaces. */
    SBW_HST(0x78, 8, 8),
    /** Selector bits of guest spaces (0: unavailable). */
    SBW_GST(0x78, 16, 8),
    /** Selector bits of DMA spaces (0: unavailable). */
    SBW_DMA(0x78, 24, 8),
    /** Selector bits of PIO spaces (0: unavailable). */
    SBW_PIO(0x78, 32, 8),
    /** Selector bits of MSR spaces (0: unavailable). */
    SBW_MSR(0x78, 40, 8),
    /** Largest order of object-space delegation that cannot fail partway. */
    MCO_OBJ(0x80, 0, 8),
    /** The same for host spaces. */
    MCO_HST(0x80, 8, 8),
    /** The same for guest spaces. */
    MCO_GST(0x80, 16, 8),
    /** The same for DMA spaces. */
    MCO_DMA(0x80, 24, 8),
    /** The same for PIO spaces. */
    MCO_PIO(0x80, 32, 8),
    /** The same for MSR spaces. */
    MCO_MSR(0x80, 40, 8),
    /** The boot CPU. */
    CPU_BSP(0x88, 0, 16),
    /** The highest CPU number: there are CPU_MAX + 1 CPUs. */
    CPU_MAX(0x88, 16, 16),
    /** The highest memory-encryption key ID. */
    KID_MAX(0x88, 32, 16),
    /** Architectural event selectors of host ECs. */
    SEL_HST_ARCH(0x90, 0, 16),
    /** NOVA event selectors of host ECs (STARTUP, RECALL). */
    SEL_HST_NOVA(0x90, 16, 16),
    /** Architectural event selectors of vCPUs. */
    SEL_GST_ARCH(0x90, 32, 16),
    /** NOVA event selectors of vCPUs. */
    SEL_GST_NOVA(0x90, 48, 16),
    /** Platform features (x86: bit 0 IOMMU, 1 VMX, 2 SVM; Arm: bit 0 SMMU). */
    FEATURES(0x98, 0, 64),
    /** x86: number of interrupt vectors. */
    X86_VEC_NUM(0xa0, 0, 8),
    /** x86: GSIs [0, PIN_NUM) are IOAPIC pins. */
    X86_PIN_NUM(0xa0, 16, 16),
    /** x86: number of GSIs. */
    X86_GSI_NUM(0xa0, 32, 32),
    /** x86: TPM event log physical address. */
    X86_EVENT_LOG(0xa8, 0, 64),
    /** x86: TPM event log size. */
    X86_EVENT_LOG_SIZE(0xb0, 0, 32),
    /** x86: offset of the byte after the last TPM event log entry. */
    X86_EVENT_LOG_OFFSET(0xb0, 32, 32),
    /** Arm: number of SPIs. */
    ARM_SPI_NUM(0xa0, 0, 16),
    /** Arm: number of ESPIs. */
    ARM_ESPI_NUM(0xa0, 16, 16),
    /** Arm: number of LPIs. */
    ARM_LPI_NUM(0xa0, 32, 32),
    /** Arm: number of SMMUv2 stream-map groups. */
    ARM_SMG_NUM(0xa8, 0, 16),
    /** Arm: number of SMMUv2 context banks. */
    ARM_CTX_NUM(0xa8, 16, 16);

    /** The length of an x86 HIP. */
    public static final int LENGTH_X86 = 0xb8;
    /** The length of an Arm HIP. */
    public static final int LENGTH_ARM = 0xb0;

    private final int offset;
    private final int shift;
    private final int width;

    HipField(final int offset, final int shift, final int width)
    {
        this.offset = offset;
        this.shift = shift;
        this.width = width;
    }

    /** @return the byte offset of the field's 64-bit row */
    public int offset()
    {
        return offset;
    }

    /** @return the field's lowest bit within its row */
    public int shift()
    {
        return shift;
    }

    /** @return the field's width in bits */
    public int width()
    {
        return width;
    }
}
