// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * The places where a hypercall on one CPU can lose a race against an operation on another CPU: each lies
 * after the hypercall's checks and before it takes the reference, slot or binding that NOVA takes
 * atomically there ({@link Interleavings}). If the operation run there destroyed or took what the
 * hypercall checked, the hypercall returns ABORTED and changes nothing, as the specification's status
 * lists say (chapter 5). The simulation is single-threaded, so these are the only places such races can
 * happen (docs/decisions.md K45).
 *
 * <p>ipc_call has none: its callee runs on the caller's CPU, so nothing on another CPU can kill it
 * meanwhile; its ABORTED is that of a callee killed before (K19).
 */
public enum RacePoint
{
    /**
     * create_pd, after the capability, OP and feature checks: ABORTED if the owner PD died, or if an
     * object or host space was bound to it, meanwhile (5.3.1, "being destructed concurrently", "could not
     * bind").
     */
    CREATE_PD,
    /**
     * create_ec, after the capability checks (and with G, the feature check): ABORTED if a space the EC
     * needs died meanwhile (5.3.2, "a required space ... is being destructed concurrently").
     */
    CREATE_EC,
    /**
     * create_sc, after the SCD and capability checks: ABORTED if the EC died or was killed meanwhile
     * (5.3.3, "the EC ... is being destructed concurrently").
     */
    CREATE_SC,
    /** create_pt, after the capability checks: ABORTED if the EC died or was killed meanwhile (5.3.4). */
    CREATE_PT,
    /** create_sm, after the capability and ISD checks: ABORTED if the owner PD died meanwhile (5.3.5). */
    CREATE_SM,
    /** create_dc, after the capability check: ABORTED if the owner PD died meanwhile (5.3.6). */
    CREATE_DC,
    /**
     * ctrl_sm, after the capability check (and for a down of an interrupt semaphore, the CPU check and the
     * deactivation), as the semaphore is counted: a down that would block on a semaphore that died
     * meanwhile is ABORTED (5.4.5; NOVA's {@code Sm::dn}); an up, or a down that finds the counter above
     * zero, completes.
     */
    CTRL_SM,
    /**
     * ctrl_hw, after the root and OP checks, before the platform acts: an S-state transition is ABORTED if
     * another CPU's transition prevailed meanwhile (5.5.1), as the platform answers it.
     */
    CTRL_HW,
    /**
     * assign_dev, after the capability checks, before the IOMMU is programmed: ABORTED if another
     * assign_dev through the same DC prevailed meanwhile, or the DMA space died (5.5.2).
     */
    ASSIGN_DEV,
    /**
     * assign_int, after the kernel's CPU and capability checks, before the platform's checks and the SM
     * table slot: ABORTED if the semaphore died meanwhile, or (by the slot rules) another semaphore took
     * the slot or this one left it (5.5.3).
     */
    ASSIGN_INT
}
