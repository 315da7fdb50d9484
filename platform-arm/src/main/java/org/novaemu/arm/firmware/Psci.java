// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.firmware;

import org.novaemu.util.Require;

/**
 * The Power State Coordination Interface of the machine's EL3 firmware (Arm DEN0022), as the hypervisor
 * calls it with SMC under the SMC Calling Convention: the functions NOVA uses to reset, power off and
 * suspend the system ({@code inc/aarch64/psci.hpp}). A function the firmware does not implement returns
 * NOT_SUPPORTED; SYSTEM_SUSPEND exists from PSCI 1.0 on, and only if the firmware offers it.
 *
 * <p>The model keeps the system's power state: SYSTEM_OFF and SYSTEM_RESET do not return on hardware, so the
 * caller treats them as the end of the run and this records them; SYSTEM_SUSPEND wakes at once (there are no
 * wakeup sources to wait for) and counts the suspension (docs/decisions.md A34). Not thread-safe.
 */
public final class Psci
{
    /** PSCI_VERSION (SMC32). */
    public static final int PSCI_VERSION = 0x8400_0000;
    /** SYSTEM_OFF (SMC32). */
    public static final int SYSTEM_OFF = 0x8400_0008;
    /** SYSTEM_RESET (SMC32). */
    public static final int SYSTEM_RESET = 0x8400_0009;
    /** PSCI_FEATURES (SMC32, PSCI 1.0). */
    public static final int PSCI_FEATURES = 0x8400_000a;
    /** SYSTEM_SUSPEND (SMC64, PSCI 1.0, optional). */
    public static final int SYSTEM_SUSPEND = 0xc400_000e;
    /** Status SUCCESS. */
    public static final long SUCCESS = 0;
    /** Status NOT_SUPPORTED. */
    public static final long NOT_SUPPORTED = -1;
    /** PSCI 0.2, as PSCI_VERSION reports it (major in bits 30:16, minor in 15:0). */
    public static final int V0_2 = 2;
    /** PSCI 1.0. */
    public static final int V1_0 = 0x1_0000;
    /** PSCI 1.1. */
    public static final int V1_1 = 0x1_0001;

    /** The system's power state as the firmware left it. */
    public enum Power
    {
        /** Running. */
        ON,
        /** SYSTEM_OFF was called. */
        OFF,
        /** SYSTEM_RESET was called. */
        RESET
    }

    private final int version;
    private final boolean systemSuspend;
    private Power power = Power.ON;
    private long suspensions;

    /**
     * @param version what PSCI_VERSION reports: {@link #V0_2}, {@link #V1_0} or later
     * @param systemSuspend whether the firmware implements SYSTEM_SUSPEND (from PSCI 1.0 on)
     */
    public Psci(final int version, final boolean systemSuspend)
    {
        this.version = (int) Require.inRange("version", version, V0_2, 0x7fff_ffffL);
        if (systemSuspend && version < V1_0)
        {
            throw new IllegalArgumentException("systemSuspend needs PSCI 1.0 or later, version was 0x"
                + Integer.toHexString(version));
        }
        this.systemSuspend = systemSuspend;
    }

    /**
     * An SMC to the PSCI service (X0 the function ID, X1 to X3 its arguments).
     *
     * @param function the function ID
     * @param x1 the first argument (PSCI_FEATURES: the function asked about; SYSTEM_SUSPEND: the entry point)
     * @param x2 the second argument (SYSTEM_SUSPEND: the context ID)
     * @param x3 the third argument
     * @return X0 on return: the status or, for PSCI_VERSION, the version
     */
    public long smc(final int function, final long x1, final long x2, final long x3)
    {
        switch (function)
        {
            case PSCI_VERSION:
                return version;
            case PSCI_FEATURES:
                return version >= V1_0 && implemented((int) x1) ? SUCCESS : NOT_SUPPORTED;
            case SYSTEM_OFF:
                power = Power.OFF;
                return SUCCESS;
            case SYSTEM_RESET:
                power = Power.RESET;
                return SUCCESS;
            case SYSTEM_SUSPEND:
                if (!systemSuspend)
                {
                    return NOT_SUPPORTED;
                }
                suspensions++;
                return SUCCESS; // woken at once: the call returns as after the resume at the entry point
            default:
                return NOT_SUPPORTED;
        }
    }

    private boolean implemented(final int function)
    {
        return function == PSCI_VERSION || function == PSCI_FEATURES || function == SYSTEM_OFF
            || function == SYSTEM_RESET || function == SYSTEM_SUSPEND && systemSuspend;
    }

    /** @return the system's power state */
    public Power power()
    {
        return power;
    }

    /** @return how often the system was suspended */
    public long suspensions()
    {
        return suspensions;
    }
}
