// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic;

import org.novaemu.util.BitField;

/**
 * The distributor's registers in its 64 KiB frame (IHI 0069, chapter 12, distributor register map): offset, how many
 * the array holds, width, reset value and access, as this GIC implements them (one security state, affinity routing
 * only: the legacy, security and NMI registers are declared {@link GicAccess#RAZ_WI}; decisions A1 and A14). Arrays are
 * indexed from their first register: IROUTER&lt;n&gt; is at {@code offset(n)}; the INTID of a bit, byte or field
 * follows from the index as the specification gives it. Both the model ({@link Gicd}) and a driver that programs it
 * name registers here. Offsets of no register are reserved: RAZ/WI.
 *
 * <p>Every register takes 32-bit accesses; IPRIORITYR, ITARGETSR, CPENDSGIR and SPENDSGIR (and their E variants) also
 * byte accesses, and the 64-bit IROUTER registers 64-bit accesses as well (decision A5). The reset value of a read-only
 * register that describes the configuration (TYPER) is the configured one.
 */
public enum GicdRegister implements GicRegister
{
    /** Control ({@link #CTLR_ENABLE_GRP0} and the other CTLR fields). */
    CTLR(0x0000, 1, 4, 0x50, GicAccess.READ_WRITE),
    /** Type ({@link GicdTyper}). */
    TYPER(0x0004, 1, 4, 0, GicAccess.READ),
    /** Implementer identification. */
    IIDR(0x0008, 1, 4, GicdRegister.IIDR_VALUE, GicAccess.READ),
    /** Type 2 (GICv4.1 fields only: zero). */
    TYPER2(0x000c, 1, 4, 0, GicAccess.READ),
    /** Error reporting status (optional; not implemented). */
    STATUSR(0x0010, 1, 4, 0, GicAccess.RAZ_WI),
    /** Set SPI, non-secure (message-based SPIs, MBIS 0: not implemented). */
    SETSPI_NSR(0x0040, 1, 4, 0, GicAccess.RAZ_WI),
    /** Clear SPI, non-secure (not implemented). */
    CLRSPI_NSR(0x0048, 1, 4, 0, GicAccess.RAZ_WI),
    /** Set SPI, secure (not implemented). */
    SETSPI_SR(0x0050, 1, 4, 0, GicAccess.RAZ_WI),
    /** Clear SPI, secure (not implemented). */
    CLRSPI_SR(0x0058, 1, 4, 0, GicAccess.RAZ_WI),
    /** Interrupt group, one bit per INTID (INTIDs 0 to 31 RAZ/WI under affinity routing). */
    IGROUPR(0x0080, 32, 4, 0, GicAccess.READ_WRITE),
    /** Interrupt set-enable. */
    ISENABLER(0x0100, 32, 4, 0, GicAccess.SET),
    /** Interrupt clear-enable. */
    ICENABLER(0x0180, 32, 4, 0, GicAccess.CLEAR),
    /** Interrupt set-pending. */
    ISPENDR(0x0200, 32, 4, 0, GicAccess.SET),
    /** Interrupt clear-pending. */
    ICPENDR(0x0280, 32, 4, 0, GicAccess.CLEAR),
    /** Interrupt set-active. */
    ISACTIVER(0x0300, 32, 4, 0, GicAccess.SET),
    /** Interrupt clear-active. */
    ICACTIVER(0x0380, 32, 4, 0, GicAccess.CLEAR),
    /** Interrupt priority, one byte per INTID (byte-accessible). */
    IPRIORITYR(0x0400, 255, 4, 0, GicAccess.READ_WRITE),
    /** Interrupt processor targets (legacy operation only). */
    ITARGETSR(0x0800, 255, 4, 0, GicAccess.RAZ_WI),
    /** Interrupt configuration, two bits per INTID: bit 1 set for edge-triggered. */
    ICFGR(0x0c00, 64, 4, 0, GicAccess.READ_WRITE),
    /** Interrupt group modifier (RAZ/WI with one security state). */
    IGRPMODR(0x0d00, 32, 4, 0, GicAccess.RAZ_WI),
    /** Non-secure access control (RAZ/WI with one security state). */
    NSACR(0x0e00, 64, 4, 0, GicAccess.RAZ_WI),
    /** Software generated interrupt (legacy operation only). */
    SGIR(0x0f00, 1, 4, 0, GicAccess.RAZ_WI),
    /** SGI clear-pending (legacy operation only). */
    CPENDSGIR(0x0f10, 4, 4, 0, GicAccess.RAZ_WI),
    /** SGI set-pending (legacy operation only). */
    SPENDSGIR(0x0f20, 4, 4, 0, GicAccess.RAZ_WI),
    /** Non-maskable interrupt property (GICv3.3 NMI, not implemented). */
    INMIR(0x0f80, 32, 4, 0, GicAccess.RAZ_WI),
    /** Extended SPI group: register n covers INTIDs {@code 4096 + 32 n} on. */
    IGROUPRE(0x1000, 32, 4, 0, GicAccess.READ_WRITE),
    /** Extended SPI set-enable. */
    ISENABLERE(0x1200, 32, 4, 0, GicAccess.SET),
    /** Extended SPI clear-enable. */
    ICENABLERE(0x1400, 32, 4, 0, GicAccess.CLEAR),
    /** Extended SPI set-pending. */
    ISPENDRE(0x1600, 32, 4, 0, GicAccess.SET),
    /** Extended SPI clear-pending. */
    ICPENDRE(0x1800, 32, 4, 0, GicAccess.CLEAR),
    /** Extended SPI set-active. */
    ISACTIVERE(0x1a00, 32, 4, 0, GicAccess.SET),
    /** Extended SPI clear-active. */
    ICACTIVERE(0x1c00, 32, 4, 0, GicAccess.CLEAR),
    /** Extended SPI priority (byte-accessible). */
    IPRIORITYRE(0x2000, 256, 4, 0, GicAccess.READ_WRITE),
    /** Extended SPI configuration. */
    ICFGRE(0x3000, 64, 4, 0, GicAccess.READ_WRITE),
    /** Extended SPI group modifier (RAZ/WI with one security state). */
    IGRPMODRE(0x3400, 32, 4, 0, GicAccess.RAZ_WI),
    /** Extended SPI non-secure access control (RAZ/WI with one security state). */
    NSACRE(0x3600, 64, 4, 0, GicAccess.RAZ_WI),
    /** Interrupt routing ({@link Irouter}), one 64-bit register per INTID (n below 32 reserved). */
    IROUTER(0x6000, 1020, 8, 0, GicAccess.READ_WRITE),
    /** Extended SPI routing: register n routes INTID {@code 4096 + n}. */
    IROUTERE(0x8000, 1024, 8, 0, GicAccess.READ_WRITE),
    /** Peripheral ID 4. */
    PIDR4(0xffd0, 1, 4, 0x44, GicAccess.READ),
    /** Peripheral ID 5. */
    PIDR5(0xffd4, 1, 4, 0, GicAccess.READ),
    /** Peripheral ID 6. */
    PIDR6(0xffd8, 1, 4, 0, GicAccess.READ),
    /** Peripheral ID 7. */
    PIDR7(0xffdc, 1, 4, 0, GicAccess.READ),
    /** Peripheral ID 0: the part number's low byte (0x92, an Arm distributor). */
    PIDR0(0xffe0, 1, 4, 0x92, GicAccess.READ),
    /** Peripheral ID 1. */
    PIDR1(0xffe4, 1, 4, 0xb4, GicAccess.READ),
    /** Peripheral ID 2: ArchRev 3 in bits 7:4 (GICv3), the JEDEC flag and JEP106 bits. */
    PIDR2(0xffe8, 1, 4, 0x3b, GicAccess.READ),
    /** Peripheral ID 3. */
    PIDR3(0xffec, 1, 4, 0, GicAccess.READ),
    /** Component ID 0. */
    CIDR0(0xfff0, 1, 4, 0x0d, GicAccess.READ),
    /** Component ID 1. */
    CIDR1(0xfff4, 1, 4, 0xf0, GicAccess.READ),
    /** Component ID 2. */
    CIDR2(0xfff8, 1, 4, 0x05, GicAccess.READ),
    /** Component ID 3. */
    CIDR3(0xfffc, 1, 4, 0xb1, GicAccess.READ);

    /** IIDR: implementer Arm (JEP106 0x43B), revision 0, variant 0, product 0, as QEMU and KVM (decision A2). */
    public static final int IIDR_VALUE = 0x0000_043b;
    /** The frame's size. */
    public static final int FRAME = 0x1_0000;

    /** CTLR: enable group 0 interrupts. */
    public static final BitField CTLR_ENABLE_GRP0 = BitField.bit("EnableGrp0", 0);
    /** CTLR: enable group 1 interrupts. */
    public static final BitField CTLR_ENABLE_GRP1 = BitField.bit("EnableGrp1", 1);
    /** CTLR: affinity routing enable (RAO/WI: no legacy operation). */
    public static final BitField CTLR_ARE = BitField.bit("ARE", 4);
    /** CTLR: disable security (RAO/WI: one security state). */
    public static final BitField CTLR_DS = BitField.bit("DS", 6);
    /** CTLR: enable 1-of-N wakeup (RAZ/WI). */
    public static final BitField CTLR_E1NWF = BitField.bit("E1NWF", 7);
    /** CTLR: register write pending (read-only). */
    public static final BitField CTLR_RWP = BitField.bit("RWP", 31);

    /** The register at each 32-bit word of the frame, null for reserved words. */
    private static final GicdRegister[] BY_WORD = GicRegister.index(values(), new GicdRegister[FRAME >>> 2]);

    private final Layout layout;

    GicdRegister(final int offset, final int count, final int width, final long reset, final GicAccess access)
    {
        this.layout = new Layout(offset, count, width, reset, access);
    }

    @Override
    public Layout layout()
    {
        return layout;
    }

    /** @return whether byte accesses are supported (priority, target and SGI pending bytes) */
    @Override
    public boolean byteAccessible()
    {
        return this == IPRIORITYR || this == IPRIORITYRE || this == ITARGETSR || this == CPENDSGIR
            || this == SPENDSGIR;
    }

    /** @return whether it is one of the extended SPI registers (the E variants, from 0x1000, and IROUTERnE) */
    public boolean extended()
    {
        return offset() >= IGROUPRE.offset() && offset() < IROUTER.offset() || this == IROUTERE;
    }

    /**
     * @param at an offset in the frame
     * @return the register whose bytes include it, or null for a reserved offset
     */
    public static GicdRegister at(final long at)
    {
        return at >= 0 && at < FRAME ? BY_WORD[(int) at >>> 2] : null;
    }
}
