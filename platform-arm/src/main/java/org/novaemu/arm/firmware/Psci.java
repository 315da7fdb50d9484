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
 * wakeup sources to wait for) and counts the suspension (docs/decisions.md A34).
 *
 * <p>CPU_ON and AFFINITY_INFO (SMC32 and SMC64) exist once the machine has {@linkplain #attach attached} the
 * PEs the firmware powers; until then they are NOT_SUPPORTED (docs/decisions.md A66). Not thread-safe.
 */
public final class Psci
{
    /** PSCI_VERSION (SMC32). */
    public static final int PSCI_VERSION = 0x8400_0000;
    /** CPU_ON (SMC32: the arguments are W1 to W3). */
    public static final int CPU_ON_32 = 0x8400_0003;
    /** CPU_ON (SMC64). */
    public static final int CPU_ON = 0xc400_0003;
    /** AFFINITY_INFO (SMC32). */
    public static final int AFFINITY_INFO_32 = 0x8400_0004;
    /** AFFINITY_INFO (SMC64). */
    public static final int AFFINITY_INFO = 0xc400_0004;
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
    /** Status INVALID_PARAMETERS. */
    public static final long INVALID_PARAMETERS = -2;
    /** Status ALREADY_ON. */
    public static final long ALREADY_ON = -4;
    /** Status ON_PENDING. */
    public static final long ON_PENDING = -5;
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

    /** A PE's state as AFFINITY_INFO reports it; the ordinal is the value returned. */
    public enum AffinityState
    {
        /** Powered on (running, or waiting for an interrupt). */
        ON,
        /** Powered off: CPU_ON may start it. */
        OFF,
        /** A CPU_ON for it was accepted and it has not started yet. */
        ON_PENDING
    }

    /** The PEs whose power the firmware controls: what CPU_ON starts and AFFINITY_INFO asks about. */
    public interface Cores
    {
        /**
         * @param affinity an MPIDR_EL1 value; only the affinity fields Aff3 to Aff0 count
         * @return the PE with that affinity, or -1 if the machine has none
         */
        int find(long affinity);

        /**
         * @param pe a PE {@link #find} returned
         * @return its state
         */
        AffinityState state(int pe);

        /**
         * Powers an {@link AffinityState#OFF} PE on: it starts at {@code entry} at the caller's exception level
         * with X0 = {@code context} and is {@link AffinityState#ON_PENDING} until it does.
         *
         * @param pe a PE {@link #find} returned, off
         * @param entry the physical address of its first instruction
         * @param context the value of its X0
         */
        void powerOn(int pe, long entry, long context);
    }

    private final int version;
    private final boolean systemSuspend;
    private Cores cores;
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
     * Gives the firmware the PEs it powers, which makes CPU_ON and AFFINITY_INFO available.
     *
     * @param pes the machine's PEs
     */
    public void attach(final Cores pes)
    {
        cores = Require.nonNull("pes", pes);
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
            case CPU_ON:
                return cpuOn(x1, x2, x3);
            case CPU_ON_32:
                return cpuOn(x1 & 0xffff_ffffL, x2 & 0xffff_ffffL, x3 & 0xffff_ffffL);
            case AFFINITY_INFO:
                return affinityInfo(x1, x2);
            case AFFINITY_INFO_32:
                return affinityInfo(x1 & 0xffff_ffffL, x2 & 0xffff_ffffL);
            default:
                return NOT_SUPPORTED;
        }
    }

    /**
     * CPU_ON (DEN0022, CPU_ON): the target named by its MPIDR starts at the entry point; a target that is on, or
     * already being powered on, is refused (decision A66).
     */
    private long cpuOn(final long target, final long entry, final long context)
    {
        if (cores == null)
        {
            return NOT_SUPPORTED;
        }
        final int pe = cores.find(target);
        if (pe < 0)
        {
            return INVALID_PARAMETERS;
        }
        switch (cores.state(pe))
        {
            case ON:
                return ALREADY_ON;
            case ON_PENDING:
                return ON_PENDING;
            default:
                cores.powerOn(pe, entry, context);
                return SUCCESS;
        }
    }

    /** AFFINITY_INFO for one PE: only affinity level 0 is answered (decision A66). */
    private long affinityInfo(final long target, final long lowestLevel)
    {
        if (cores == null)
        {
            return NOT_SUPPORTED;
        }
        final int pe = cores.find(target);
        if (pe < 0 || lowestLevel != 0)
        {
            return INVALID_PARAMETERS;
        }
        return cores.state(pe).ordinal();
    }

    private boolean implemented(final int function)
    {
        if (function == CPU_ON || function == CPU_ON_32 || function == AFFINITY_INFO || function == AFFINITY_INFO_32)
        {
            return cores != null;
        }
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
