// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.pci;

/**
 * The registers of the PCI configuration header (PCI Local Bus 3.0, section 6.1; PCI-to-PCI Bridge 1.2,
 * chapter 3 for type 1), with their offsets and widths, and the bits of Command and Status.
 */
public enum Header
{
    /** Vendor ID. */
    VENDOR_ID(0x00, 2),
    /** Device ID. */
    DEVICE_ID(0x02, 2),
    /** Command. */
    COMMAND(0x04, 2),
    /** Status. */
    STATUS(0x06, 2),
    /** Revision ID. */
    REVISION_ID(0x08, 1),
    /** Class code: programming interface [7:0], subclass [15:8], base class [23:16]. */
    CLASS_CODE(0x09, 3),
    /** Cache line size. */
    CACHE_LINE_SIZE(0x0c, 1),
    /** Latency timer. */
    LATENCY_TIMER(0x0d, 1),
    /** Header type: layout [6:0] (0 endpoint, 1 bridge), multi-function bit 7. */
    HEADER_TYPE(0x0e, 1),
    /** BIST. */
    BIST(0x0f, 1),
    /** Base address register 0; BARs 1 to 5 follow every 4 bytes (type 1: BARs 0 and 1 only). */
    BAR0(0x10, 4),
    /** Type 1: primary bus number. */
    PRIMARY_BUS(0x18, 1),
    /** Type 1: secondary bus number. */
    SECONDARY_BUS(0x19, 1),
    /** Type 1: subordinate bus number. */
    SUBORDINATE_BUS(0x1a, 1),
    /** Type 1: secondary latency timer. */
    SECONDARY_LATENCY(0x1b, 1),
    /** Type 1: I/O base. */
    IO_BASE(0x1c, 1),
    /** Type 1: I/O limit. */
    IO_LIMIT(0x1d, 1),
    /** Type 1: secondary status. */
    SECONDARY_STATUS(0x1e, 2),
    /** Type 1: memory base [15:4] = address [31:20]. */
    MEMORY_BASE(0x20, 2),
    /** Type 1: memory limit. */
    MEMORY_LIMIT(0x22, 2),
    /** Type 1: prefetchable memory base. */
    PREFETCH_BASE(0x24, 2),
    /** Type 1: prefetchable memory limit. */
    PREFETCH_LIMIT(0x26, 2),
    /** Type 1: prefetchable base, upper 32 bits. */
    PREFETCH_BASE_UPPER(0x28, 4),
    /** Type 1: prefetchable limit, upper 32 bits. */
    PREFETCH_LIMIT_UPPER(0x2c, 4),
    /** Type 0: subsystem vendor ID. */
    SUBSYSTEM_VENDOR_ID(0x2c, 2),
    /** Type 0: subsystem ID. */
    SUBSYSTEM_ID(0x2e, 2),
    /** Type 0: expansion ROM base address. */
    ROM_BASE(0x30, 4),
    /** Capabilities pointer. */
    CAPABILITIES(0x34, 1),
    /** Type 1: expansion ROM base address. */
    BRIDGE_ROM_BASE(0x38, 4),
    /** Interrupt line (for the OS; no effect on the device). */
    INTERRUPT_LINE(0x3c, 1),
    /** Interrupt pin: 0 none, 1 to 4 INTA# to INTD#. */
    INTERRUPT_PIN(0x3d, 1),
    /** Type 1: bridge control. */
    BRIDGE_CONTROL(0x3e, 2);

    /** Command: respond to I/O space accesses. */
    public static final int COMMAND_IO = 1 << 0;
    /** Command: respond to memory space accesses. */
    public static final int COMMAND_MEMORY = 1 << 1;
    /** Command: bus master (DMA and MSIs). */
    public static final int COMMAND_BUS_MASTER = 1 << 2;
    /** Command: parity error response. */
    public static final int COMMAND_PARITY = 1 << 6;
    /** Command: SERR# enable. */
    public static final int COMMAND_SERR = 1 << 8;
    /** Command: INTx emulation disable. */
    public static final int COMMAND_INTX_DISABLE = 1 << 10;

    /** Status: INTx is asserted (read-only). */
    public static final int STATUS_INTERRUPT = 1 << 3;
    /** Status: the capabilities list exists (read-only). */
    public static final int STATUS_CAPABILITIES = 1 << 4;
    /** Status bits a guest clears by writing ones: parity, target/master aborts, SERR, parity detected. */
    public static final int STATUS_ERRORS = 0xf900;

    private final int offset;
    private final int width;

    Header(final int offset, final int width)
    {
        this.offset = offset;
        this.width = width;
    }

    /** @return the register's offset in configuration space */
    public int offset()
    {
        return offset;
    }

    /** @return its width in bytes */
    public int width()
    {
        return width;
    }
}
