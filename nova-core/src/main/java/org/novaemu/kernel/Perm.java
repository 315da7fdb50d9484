// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/** Capability permission bits, by object kind (specification, "Capability Permissions"). */
public final class Perm
{
    /** PD: create PDs and spaces. */
    public static final int PD_PD = 1 << 0;
    /** PD: create ECs. */
    public static final int PD_EC = 1 << 1;
    /** PD: create SCs. */
    public static final int PD_SC = 1 << 2;
    /** PD: create PTs. */
    public static final int PD_PT = 1 << 3;
    /** PD: create SMs. */
    public static final int PD_SM = 1 << 4;
    /** PD: create DCs and interrupt SMs. */
    public static final int PD_DC = 1 << 5;

    /** Space: delegate into it. */
    public static final int SPACE_GRANT = 1 << 0;
    /** Space: delegate out of it. */
    public static final int SPACE_TAKE = 1 << 1;
    /** Space: assign it to an EC or a device. */
    public static final int SPACE_ASSIGN = 1 << 2;

    /** EC: ctrl_ec. */
    public static final int EC_CTRL = 1 << 0;
    /** EC: bind portals to it. */
    public static final int EC_BINDPT = 1 << 2;
    /** EC: bind SCs to it. */
    public static final int EC_BINDSC = 1 << 3;

    /** SC: ctrl_sc. */
    public static final int SC_CTRL = 1 << 0;

    /** PT: ctrl_pt. */
    public static final int PT_CTRL = 1 << 0;
    /** PT: ipc_call. */
    public static final int PT_CALL = 1 << 1;
    /** PT: event delivery. */
    public static final int PT_EVENT = 1 << 2;

    /** SM: up. */
    public static final int SM_CTRLUP = 1 << 0;
    /** SM: down. */
    public static final int SM_CTRLDN = 1 << 1;
    /** SM: assign_int (interrupt semaphores only). */
    public static final int SM_ASSIGN = 1 << 2;

    /** DC: assign_dev. */
    public static final int DC_ASSIGN_DEV = 1 << 0;
    /** DC: assign_int. */
    public static final int DC_ASSIGN_INT = 1 << 1;

    /** Memory: read. */
    public static final int MEM_R = 1 << 0;
    /** Memory: write. */
    public static final int MEM_W = 1 << 1;
    /** Memory: execute in user mode (X on hardware with one execute permission). */
    public static final int MEM_XU = 1 << 2;
    /** Memory: execute in supervisor mode (guest kernels). */
    public static final int MEM_XS = 1 << 3;

    private Perm()
    {
    }
}
