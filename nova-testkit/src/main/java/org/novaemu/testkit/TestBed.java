// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.novaemu.devices.MultiQueueDevice;
import org.novaemu.machine.Machine;
import org.novaemu.pci.Topology;
import org.novaemu.util.Require;

/**
 * A booted machine of a given shape, ready for a test: {@code devices} multi-queue devices of {@code vectors}
 * MSI-X vectors each behind one root port of segment 0, an {@link Interceptor} attached to the kernel, and a
 * {@link RootScript} to fill in and start (the kernel waits for it). {@link NovaMachine} hands one to a test.
 */
public final class TestBed
{
    private final Machine machine;
    private final Arch arch;
    private final List<MultiQueueDevice> devices;
    private final Interceptor interceptor;
    private final RootScript root;

    private TestBed(final Machine machine, final List<MultiQueueDevice> devices)
    {
        this.machine = machine;
        this.arch = Arch.of(machine);
        this.devices = Collections.unmodifiableList(devices);
        this.interceptor = Interceptor.attach(machine);
        this.root = new RootScript(machine);
    }

    /**
     * Builds the machine (x86 with VT-d; Arm with its ITS and an SMMUv3).
     *
     * @param arch the architecture
     * @param cpus CPUs, at least 1
     * @param devices multi-queue devices, 0 to 32 (one root port takes them)
     * @param vectors MSI-X vectors per device, 1 to 2,048
     * @return the test bed
     * @throws IllegalArgumentException naming a field out of range
     */
    public static TestBed of(final Arch arch, final int cpus, final int devices, final int vectors)
    {
        Require.nonNull("arch", arch);
        Require.inRange("devices", devices, 0, 32);
        Require.inRange("vectors", vectors, 1, 2048);
        final List<MultiQueueDevice> made = new ArrayList<>();
        final Machine m = arch.builder().cpus(cpus).pcie((Topology t, org.novaemu.sim.Engine e) -> {
            if (devices > 0)
            {
                final Topology.Downstream port = t.root().rootPort();
                for (int d = 0; d < devices; d++)
                {
                    made.add(port.add(new MultiQueueDevice("dev" + d, vectors, e)));
                }
            }
        }).build();
        return new TestBed(m, made);
    }

    /**
     * @param a an annotation's shape
     * @return a test bed of that shape
     */
    static TestBed of(final NovaMachine a)
    {
        return of(a.arch(), a.cpus(), a.devices(), a.vectors());
    }

    /** @return the machine */
    public Machine machine()
    {
        return machine;
    }

    /** @return its architecture */
    public Arch arch()
    {
        return arch;
    }

    /** @return the devices, in bus order */
    public List<MultiQueueDevice> devices()
    {
        return devices;
    }

    /**
     * @param i a device's index
     * @return it
     */
    public MultiQueueDevice device(final int i)
    {
        return devices.get(i);
    }

    /** @return the interceptor attached to the kernel */
    public Interceptor interceptor()
    {
        return interceptor;
    }

    /** @return the root task's script, to fill in before {@link RootScript#start()} or {@link RootScript#run} */
    public RootScript root()
    {
        return root;
    }

    /** @return the simulated time in cycles */
    public long now()
    {
        return machine.engine().now();
    }

    /**
     * {@link Runs#until} on this machine.
     *
     * @param condition what must come to hold
     * @param what the condition in words
     * @param budget the most cycles
     * @return the cycles run
     */
    public long runUntil(final BooleanSupplier condition, final String what, final long budget)
    {
        return Runs.until(machine, condition, what, budget);
    }

    /**
     * {@link Runs#untilIdle} on this machine.
     *
     * @param budget the most cycles
     * @return the cycles run
     */
    public long runUntilIdle(final long budget)
    {
        return Runs.untilIdle(machine, budget);
    }
}
