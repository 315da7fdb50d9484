// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.gic.its;

import org.novaemu.mem.PhysicalMemory;
import org.novaemu.util.BitField;

/**
 * A command of the ITS command queue (IHI 0069, chapter 6, the ITS commands): 32 bytes, four little-endian
 * doublewords, the command number in DW0 bits 7:0. A driver builds one of the records and writes it at the queue's
 * CWRITER ({@link #writeTo}); the ITS reads the four doublewords and decodes them with the static methods, which
 * allocate nothing. The GICv3 physical commands are here; the GICv4 ones (VMAPP and the others) are not implemented
 * (GITS_TYPER.Virtual 0) and stall the queue as unknown commands (decision A86).
 *
 * <p>Collections are targeted by processor number (GITS_TYPER.PTA 0, decision A81): an RDbase field holds the
 * number of the redistributor's PE, as GICR_TYPER.Processor_Number gives it.
 */
public sealed interface ItsCommand
{
    /** MOVI: move an event to another collection, with its pending state. */
    int MOVI = 0x01;
    /** INT: make an event's LPI pending. */
    int INT = 0x03;
    /** CLEAR: make an event's LPI not pending. */
    int CLEAR = 0x04;
    /** SYNC: wait for the effects on a redistributor (complete at once here). */
    int SYNC = 0x05;
    /** MAPD: map a DeviceID to an ITT, or unmap it. */
    int MAPD = 0x08;
    /** MAPC: map a collection to a redistributor, or unmap it. */
    int MAPC = 0x09;
    /** MAPTI: map an event to an LPI and a collection. */
    int MAPTI = 0x0a;
    /** MAPI: map an event to the LPI of the same number and a collection. */
    int MAPI = 0x0b;
    /** INV: the redistributor reads an event's LPI configuration again. */
    int INV = 0x0c;
    /** INVALL: the redistributor of a collection reads every LPI configuration again. */
    int INVALL = 0x0d;
    /** MOVALL: move every pending LPI of one redistributor to another. */
    int MOVALL = 0x0e;
    /** DISCARD: unmap an event and make its LPI not pending. */
    int DISCARD = 0x0f;

    /** DW0: the command number. */
    BitField OPCODE = new BitField("CommandNumber", 0, 8);
    /** DW0: the DeviceID. */
    BitField DEVICE_ID = new BitField("DeviceID", 32, 32);
    /** DW1: the EventID. */
    BitField EVENT_ID = new BitField("EventID", 0, 32);
    /** DW1: the physical LPI (MAPTI). */
    BitField PINTID = new BitField("pINTID", 32, 32);
    /** DW1: the EventID bits of the device's ITT, minus one (MAPD). */
    BitField SIZE = new BitField("Size", 0, 5);
    /** DW2: the ITT's physical address, bits 51:8 in place (MAPD). */
    BitField ITT_ADDRESS = new BitField("ITT_addr", 8, 44);
    /** DW2: the collection (ICID). */
    BitField ICID = new BitField("ICID", 0, 16);
    /** DW2 (and DW3 for MOVALL): the target redistributor, its processor number with PTA 0. */
    BitField RDBASE = new BitField("RDbase", 16, 36);
    /** DW2: the mapping is valid (MAPD, MAPC). */
    BitField VALID = BitField.bit("V", 63);

    /** @return doubleword 0 */
    long dw0();

    /** @return doubleword 1 */
    default long dw1()
    {
        return 0;
    }

    /** @return doubleword 2 */
    default long dw2()
    {
        return 0;
    }

    /** @return doubleword 3 */
    default long dw3()
    {
        return 0;
    }

    /**
     * Writes the command's 32 bytes.
     *
     * @param memory where the queue is
     * @param address the slot's address
     */
    default void writeTo(final PhysicalMemory memory, final long address)
    {
        memory.write64(address, dw0());
        memory.write64(address + 8, dw1());
        memory.write64(address + 16, dw2());
        memory.write64(address + 24, dw3());
    }

    /**
     * @param dw0 a command's doubleword 0
     * @return its command number
     */
    static int opcode(final long dw0)
    {
        return (int) OPCODE.extract(dw0);
    }

    /**
     * @param dw0 a command's doubleword 0
     * @return its DeviceID
     */
    static int deviceId(final long dw0)
    {
        return (int) DEVICE_ID.extract(dw0);
    }

    /**
     * @param dw1 a command's doubleword 1
     * @return its EventID
     */
    static int eventId(final long dw1)
    {
        return (int) EVENT_ID.extract(dw1);
    }

    /**
     * @param dw1 a MAPTI's doubleword 1
     * @return its pINTID
     */
    static int pintid(final long dw1)
    {
        return (int) PINTID.extract(dw1);
    }

    /**
     * @param dw1 a MAPD's doubleword 1
     * @return its Size: EventID bits minus one
     */
    static int size(final long dw1)
    {
        return (int) SIZE.extract(dw1);
    }

    /**
     * @param dw2 a MAPD's doubleword 2
     * @return its ITT address (256-byte aligned)
     */
    static long ittAddress(final long dw2)
    {
        return dw2 & ITT_ADDRESS.mask();
    }

    /**
     * @param dw2 a command's doubleword 2
     * @return its ICID
     */
    static int icid(final long dw2)
    {
        return (int) ICID.extract(dw2);
    }

    /**
     * @param dw a command's doubleword 2 (or 3 for MOVALL's second)
     * @return its RDbase: a processor number, up to 36 bits
     */
    static long rdbase(final long dw)
    {
        return RDBASE.extract(dw);
    }

    /**
     * @param dw2 a MAPD's or MAPC's doubleword 2
     * @return its V bit
     */
    static boolean valid(final long dw2)
    {
        return VALID.isSet(dw2);
    }

    /**
     * A command on one event of one device: its number and the DeviceID in DW0, the EventID in DW1 (IHI 0069 6.3:
     * MAPTI, MAPI, MOVI, DISCARD, INV, INT, CLEAR).
     */
    sealed interface EventCommand extends ItsCommand permits Mapti, Mapi, Movi, Discard, Inv, Int, Clear
    {
        /** @return the command number */
        int number();

        /** @return the DeviceID */
        int deviceId();

        /** @return the EventID */
        int eventId();

        @Override
        default long dw0()
        {
            return number() | DEVICE_ID.encode(deviceId());
        }

        @Override
        default long dw1()
        {
            return EVENT_ID.encode(eventId());
        }
    }

    /**
     * MAPD.
     *
     * @param deviceId the DeviceID
     * @param size the EventID bits of the ITT, minus one
     * @param ittAddress the ITT's address, 256-byte aligned (bits 7:0 are ignored)
     * @param valid whether to map (true) or unmap
     */
    record Mapd(int deviceId, int size, long ittAddress, boolean valid) implements ItsCommand
    {
        /**
         * @param deviceId the DeviceID
         * @param ittAddress the ITT's address
         * @param eventIdBits how many EventID bits the ITT covers, 1 to 32
         * @return a MAPD that maps the device
         */
        public static Mapd map(final int deviceId, final long ittAddress, final int eventIdBits)
        {
            return new Mapd(deviceId, eventIdBits - 1, ittAddress, true);
        }

        /**
         * @param deviceId the DeviceID
         * @return a MAPD that unmaps the device
         */
        public static Mapd unmap(final int deviceId)
        {
            return new Mapd(deviceId, 0, 0, false);
        }

        @Override
        public long dw0()
        {
            return MAPD | DEVICE_ID.encode(deviceId);
        }

        @Override
        public long dw1()
        {
            return SIZE.encode(size);
        }

        @Override
        public long dw2()
        {
            return ittAddress & ITT_ADDRESS.mask() | (valid ? VALID.mask() : 0);
        }
    }

    /**
     * MAPC.
     *
     * @param icid the collection
     * @param rdbase the target redistributor's processor number
     * @param valid whether to map (true) or unmap
     */
    record Mapc(int icid, long rdbase, boolean valid) implements ItsCommand
    {
        /**
         * @param icid the collection
         * @param pe the target redistributor's processor number
         * @return a MAPC that maps the collection
         */
        public static Mapc map(final int icid, final long pe)
        {
            return new Mapc(icid, pe, true);
        }

        /**
         * @param icid the collection
         * @return a MAPC that unmaps the collection
         */
        public static Mapc unmap(final int icid)
        {
            return new Mapc(icid, 0, false);
        }

        @Override
        public long dw0()
        {
            return MAPC;
        }

        @Override
        public long dw2()
        {
            return ICID.encode(icid) | RDBASE.encode(rdbase) | (valid ? VALID.mask() : 0);
        }
    }

    /**
     * MAPTI.
     *
     * @param deviceId the DeviceID
     * @param eventId the EventID
     * @param pintid the LPI
     * @param icid the collection
     */
    record Mapti(int deviceId, int eventId, int pintid, int icid) implements EventCommand
    {
        @Override
        public int number()
        {
            return MAPTI;
        }

        @Override
        public long dw1()
        {
            return EVENT_ID.encode(eventId) | PINTID.encode(pintid);
        }

        @Override
        public long dw2()
        {
            return ICID.encode(icid);
        }
    }

    /**
     * MAPI: MAPTI with the LPI numbered as the EventID.
     *
     * @param deviceId the DeviceID
     * @param eventId the EventID, which is also the LPI
     * @param icid the collection
     */
    record Mapi(int deviceId, int eventId, int icid) implements EventCommand
    {
        @Override
        public int number()
        {
            return MAPI;
        }

        @Override
        public long dw2()
        {
            return ICID.encode(icid);
        }
    }

    /**
     * MOVI.
     *
     * @param deviceId the DeviceID
     * @param eventId the EventID
     * @param icid the new collection
     */
    record Movi(int deviceId, int eventId, int icid) implements EventCommand
    {
        @Override
        public int number()
        {
            return MOVI;
        }

        @Override
        public long dw2()
        {
            return ICID.encode(icid);
        }
    }

    /**
     * MOVALL.
     *
     * @param rdbase1 the redistributor the pending LPIs leave (processor number)
     * @param rdbase2 the redistributor they go to (processor number)
     */
    record Movall(long rdbase1, long rdbase2) implements ItsCommand
    {
        @Override
        public long dw0()
        {
            return MOVALL;
        }

        @Override
        public long dw2()
        {
            return RDBASE.encode(rdbase1);
        }

        @Override
        public long dw3()
        {
            return RDBASE.encode(rdbase2);
        }
    }

    /**
     * DISCARD.
     *
     * @param deviceId the DeviceID
     * @param eventId the EventID
     */
    record Discard(int deviceId, int eventId) implements EventCommand
    {
        @Override
        public int number()
        {
            return DISCARD;
        }
    }

    /**
     * INV.
     *
     * @param deviceId the DeviceID
     * @param eventId the EventID
     */
    record Inv(int deviceId, int eventId) implements EventCommand
    {
        @Override
        public int number()
        {
            return INV;
        }
    }

    /**
     * INVALL.
     *
     * @param icid the collection
     */
    record Invall(int icid) implements ItsCommand
    {
        @Override
        public long dw0()
        {
            return INVALL;
        }

        @Override
        public long dw2()
        {
            return ICID.encode(icid);
        }
    }

    /**
     * INT.
     *
     * @param deviceId the DeviceID
     * @param eventId the EventID
     */
    record Int(int deviceId, int eventId) implements EventCommand
    {
        @Override
        public int number()
        {
            return INT;
        }
    }

    /**
     * CLEAR.
     *
     * @param deviceId the DeviceID
     * @param eventId the EventID
     */
    record Clear(int deviceId, int eventId) implements EventCommand
    {
        @Override
        public int number()
        {
            return CLEAR;
        }
    }

    /**
     * SYNC.
     *
     * @param rdbase the redistributor (processor number)
     */
    record Sync(long rdbase) implements ItsCommand
    {
        @Override
        public long dw0()
        {
            return SYNC;
        }

        @Override
        public long dw2()
        {
            return RDBASE.encode(rdbase);
        }
    }
}
