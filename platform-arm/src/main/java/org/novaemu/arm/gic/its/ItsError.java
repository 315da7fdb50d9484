// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

/**
 * The command errors an ITS answers by stalling its queue (IHI 0069, chapter 6, the ITS command error encodings;
 * decision A86): each names the command and what was wrong, and has the architecture's 24-bit encoding, {@code
 * 0x01} in bits 23:16, the command in bits 15:8 (its number, except CLEAR's errors, which the architecture numbers
 * 0x05) and the kind of error in bits 7:0. The last three are this ITS's own (IMPLEMENTATION DEFINED, decision A86).
 * {@link ItsRegister#CMDERR} reads the code of the error that stalled the queue.
 */
public enum ItsError
{
    /** MOVI: DeviceID beyond GITS_TYPER.Devbits or the device table. */
    MOVI_DEVICE_OOR(ItsCommand.MOVI, 0x01_01_01),
    /** MOVI: collection beyond the supported ICIDs or the collection table. */
    MOVI_COLLECTION_OOR(ItsCommand.MOVI, 0x01_01_03),
    /** MOVI: the device is not mapped. */
    MOVI_UNMAPPED_DEVICE(ItsCommand.MOVI, 0x01_01_04),
    /** MOVI: EventID beyond the device's ITT. */
    MOVI_ID_OOR(ItsCommand.MOVI, 0x01_01_05),
    /** MOVI: the event is not mapped. */
    MOVI_UNMAPPED_INTERRUPT(ItsCommand.MOVI, 0x01_01_07),
    /** MOVI: the new or the old collection is not mapped. */
    MOVI_UNMAPPED_COLLECTION(ItsCommand.MOVI, 0x01_01_09),
    /** INT: DeviceID out of range. */
    INT_DEVICE_OOR(ItsCommand.INT, 0x01_03_01),
    /** INT: the device is not mapped. */
    INT_UNMAPPED_DEVICE(ItsCommand.INT, 0x01_03_04),
    /** INT: EventID beyond the device's ITT. */
    INT_ID_OOR(ItsCommand.INT, 0x01_03_05),
    /** INT: the event is not mapped. */
    INT_UNMAPPED_INTERRUPT(ItsCommand.INT, 0x01_03_07),
    /** INT: the event's collection is not mapped. */
    INT_UNMAPPED_COLLECTION(ItsCommand.INT, 0x01_03_09),
    /** CLEAR: DeviceID out of range. */
    CLEAR_DEVICE_OOR(ItsCommand.CLEAR, 0x01_05_01),
    /** CLEAR: the device is not mapped. */
    CLEAR_UNMAPPED_DEVICE(ItsCommand.CLEAR, 0x01_05_04),
    /** CLEAR: EventID beyond the device's ITT. */
    CLEAR_ID_OOR(ItsCommand.CLEAR, 0x01_05_05),
    /** CLEAR: the event is not mapped. */
    CLEAR_UNMAPPED_INTERRUPT(ItsCommand.CLEAR, 0x01_05_07),
    /** CLEAR: the event's collection is not mapped. */
    CLEAR_UNMAPPED_COLLECTION(ItsCommand.CLEAR, 0x01_05_09),
    /** MAPD: DeviceID out of range. */
    MAPD_DEVICE_OOR(ItsCommand.MAPD, 0x01_08_01),
    /** MAPD: Size beyond GITS_TYPER.ID_bits. */
    MAPD_ITTSIZE_OOR(ItsCommand.MAPD, 0x01_08_02),
    /** MAPC: RDbase names no redistributor. */
    MAPC_PROCNUM_OOR(ItsCommand.MAPC, 0x01_09_02),
    /** MAPC: collection out of range. */
    MAPC_COLLECTION_OOR(ItsCommand.MAPC, 0x01_09_03),
    /** MAPTI: DeviceID out of range. */
    MAPTI_DEVICE_OOR(ItsCommand.MAPTI, 0x01_0a_01),
    /** MAPTI: collection out of range. */
    MAPTI_COLLECTION_OOR(ItsCommand.MAPTI, 0x01_0a_03),
    /** MAPTI: the device is not mapped. */
    MAPTI_UNMAPPED_DEVICE(ItsCommand.MAPTI, 0x01_0a_04),
    /** MAPTI: EventID beyond the device's ITT. */
    MAPTI_ID_OOR(ItsCommand.MAPTI, 0x01_0a_05),
    /** MAPTI: pINTID is not an LPI the GIC implements. */
    MAPTI_PHYSICALID_OOR(ItsCommand.MAPTI, 0x01_0a_06),
    /** MAPI: DeviceID out of range. */
    MAPI_DEVICE_OOR(ItsCommand.MAPI, 0x01_0b_01),
    /** MAPI: collection out of range. */
    MAPI_COLLECTION_OOR(ItsCommand.MAPI, 0x01_0b_03),
    /** MAPI: the device is not mapped. */
    MAPI_UNMAPPED_DEVICE(ItsCommand.MAPI, 0x01_0b_04),
    /** MAPI: EventID beyond the device's ITT. */
    MAPI_ID_OOR(ItsCommand.MAPI, 0x01_0b_05),
    /** MAPI: the EventID is not an LPI the GIC implements. */
    MAPI_PHYSICALID_OOR(ItsCommand.MAPI, 0x01_0b_06),
    /** INV: DeviceID out of range. */
    INV_DEVICE_OOR(ItsCommand.INV, 0x01_0c_01),
    /** INV: the device is not mapped. */
    INV_UNMAPPED_DEVICE(ItsCommand.INV, 0x01_0c_04),
    /** INV: EventID beyond the device's ITT. */
    INV_ID_OOR(ItsCommand.INV, 0x01_0c_05),
    /** INV: the event is not mapped. */
    INV_UNMAPPED_INTERRUPT(ItsCommand.INV, 0x01_0c_07),
    /** INV: the event's collection is not mapped. */
    INV_UNMAPPED_COLLECTION(ItsCommand.INV, 0x01_0c_09),
    /** INVALL: collection out of range. */
    INVALL_COLLECTION_OOR(ItsCommand.INVALL, 0x01_0d_03),
    /** INVALL: the collection is not mapped. */
    INVALL_UNMAPPED_COLLECTION(ItsCommand.INVALL, 0x01_0d_09),
    /** MOVALL: RDbase1 or RDbase2 names no redistributor. */
    MOVALL_PROCNUM_OOR(ItsCommand.MOVALL, 0x01_0e_01),
    /** DISCARD: DeviceID out of range. */
    DISCARD_DEVICE_OOR(ItsCommand.DISCARD, 0x01_0f_01),
    /** DISCARD: the device is not mapped. */
    DISCARD_UNMAPPED_DEVICE(ItsCommand.DISCARD, 0x01_0f_04),
    /** DISCARD: EventID beyond the device's ITT. */
    DISCARD_ID_OOR(ItsCommand.DISCARD, 0x01_0f_05),
    /** DISCARD: the event is not mapped. */
    DISCARD_UNMAPPED_INTERRUPT(ItsCommand.DISCARD, 0x01_0f_07),
    /** IMPLEMENTATION DEFINED: a command number this ITS does not implement (the GICv4 ones, reserved numbers). */
    UNKNOWN_COMMAND(-1, 0x01_ff_01),
    /** IMPLEMENTATION DEFINED: CWRITER names an offset beyond the queue. */
    CWRITER_OOR(-1, 0x01_ff_02),
    /** IMPLEMENTATION DEFINED: the queue reaches beyond physical memory (2^52). */
    QUEUE_OOR(-1, 0x01_ff_03);

    /** Kind: DeviceID out of range (bits 7:0). */
    static final int DEVICE_OOR = 0x01;
    /** Kind: collection out of range. */
    static final int COLLECTION_OOR = 0x03;
    /** Kind: the device is not mapped. */
    static final int UNMAPPED_DEVICE = 0x04;
    /** Kind: EventID out of range. */
    static final int ID_OOR = 0x05;
    /** Kind: pINTID out of range. */
    static final int PHYSICALID_OOR = 0x06;
    /** Kind: the event is not mapped. */
    static final int UNMAPPED_INTERRUPT = 0x07;
    /** Kind: the collection is not mapped. */
    static final int UNMAPPED_COLLECTION = 0x09;

    /** Each command's errors by kind: {@code BY_COMMAND[command][kind]}, null where the command has none. */
    private static final ItsError[][] BY_COMMAND = new ItsError[16][16];

    static
    {
        for (final ItsError e : values())
        {
            if (e.command >= 0)
            {
                BY_COMMAND[e.command][e.code & 0xf] = e;
            }
        }
    }

    private final int command;
    private final int code;

    ItsError(final int command, final int code)
    {
        this.command = command;
        this.code = code;
    }

    /** @return the 24-bit encoding */
    public int code()
    {
        return code;
    }

    /**
     * @param code an error's encoding, as {@link ItsRegister#CMDERR} reads
     * @return the error, or null for 0 or an encoding of no error
     */
    public static ItsError of(final int code)
    {
        for (final ItsError e : values())
        {
            if (e.code == code)
            {
                return e;
            }
        }
        return null;
    }

    /**
     * @param command a command number, 0 to 15
     * @param kind the kind of error ({@link #DEVICE_OOR} and the others)
     * @return the command's error of that kind; null if the architecture gives it none
     */
    static ItsError of(final int command, final int kind)
    {
        return BY_COMMAND[command][kind];
    }
}
