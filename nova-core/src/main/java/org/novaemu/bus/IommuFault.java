// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.bus;

import java.util.Locale;
import java.util.Objects;

/**
 * One request an IOMMU or an interrupt translation unit refused, as the hardware model saw it at the moment it
 * refused it: before any fault record, event queue entry or fault register is written, and so before any kernel
 * handler reads or clears them (decision U20). Every refused request gives exactly one record, whether the
 * hardware records it for software or not (VT-d fault processing disabled, an SMMUv3 STE without S2R, a full
 * event queue, an ITS drop, which the architecture reports nowhere).
 *
 * @param unit the kind of unit that refused it
 * @param source the request's source as the unit names it: the PCI segment in bits 31:16 above the VT-d source ID
 *        (bus, device, function), the SMMU StreamID, or the ITS DeviceID
 * @param address the address of a DMA request, or the message address of an interrupt request (for an ITS drop
 *        the EventID written to GITS_TRANSLATER)
 * @param access what the request was
 * @param reason why it was refused, common to all units
 * @param code the unit's own code for it: the VT-d fault reason, the SMMUv3 event number, the SMMUv2 FSR or sGFSR
 *        bit, the ITS error kind (bits 7:0 of its command errors), or 0 where the hardware has none
 */
public record IommuFault(Unit unit, long source, long address, Access access, Reason reason, int code)
{
    /** The kinds of unit that report faults. */
    public enum Unit
    {
        /** An Intel VT-d remapping unit: DMA remapping and interrupt remapping. */
        VTD,
        /** An Arm SMMUv3. */
        SMMU_V3,
        /** An Arm SMMUv2 (MMU-500 class). */
        SMMU_V2,
        /** An Arm GICv3 ITS: writes to GITS_TRANSLATER that translate to nothing. */
        ITS
    }

    /** What the refused request was. */
    public enum Access
    {
        /** A DMA read. */
        READ,
        /** A DMA write. */
        WRITE,
        /** An interrupt request (an MSI through interrupt remapping or an ITS). */
        INTERRUPT
    }

    /** Why a request was refused, common to all units; {@link #code()} has the unit's precise code. */
    public enum Reason
    {
        /**
         * The source has no translation set up: VT-d root or context entry not present, an SMMUv3 StreamID out of
         * range, an SMMUv2 stream that matches no group, an ITS device not mapped or beyond the device table.
         */
        NO_CONTEXT,
        /** The source's configuration is invalid: a VT-d context entry or IRTE with reserved bits, a bad STE. */
        BAD_CONFIG,
        /** The unit aborts the source's requests by configuration (SMMUv3 STE or GBPA abort, SMMUv2 S2CR fault). */
        ABORTED,
        /** The address is beyond what the unit translates (address width, input or output size). */
        ADDRESS_SIZE,
        /** No valid entry maps the address, the interrupt index or the EventID. */
        TRANSLATION,
        /** An entry maps it, but not for this access (read, write, or the Access flag). */
        PERMISSION,
        /** A table fetch of the unit aborted. */
        WALK_ABORT,
        /** An interrupt request's source does not match the entry (VT-d source-ID verification). */
        SOURCE_ID,
        /** A compatibility-format interrupt request while interrupt remapping blocks them. */
        FORMAT,
        /** The unit translates nothing now (an ITS disabled, a CPU's write to GITS_TRANSLATER). */
        DISABLED
    }

    /**
     * @param unit the unit
     * @param source the source
     * @param address the address
     * @param access the access
     * @param reason the reason
     * @param code the unit's code
     */
    public IommuFault
    {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString()
    {
        return unit + " " + access.name().toLowerCase(Locale.ROOT) + " from source 0x"
            + Long.toHexString(source) + " at 0x" + Long.toHexString(address) + " refused: " + reason
            + " (code 0x" + Integer.toHexString(code) + ")";
    }
}
