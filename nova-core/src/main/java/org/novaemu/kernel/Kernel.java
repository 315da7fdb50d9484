// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

import org.novaemu.util.Require;

/**
 * The architecture-neutral NOVA kernel: the boot-time objects and the hypercall entry. It holds the NOVA
 * object space and the root PD as the specification's boot section lists them ("Initial Capabilities").
 *
 * <p>Built so far: boot state, create_pd, create_sm, ctrl_pd between object spaces, ctrl_sm up and
 * non-blocking down. The remaining hypercalls, blocking, IPC and scheduling follow
 * (docs/execution-model.md); until then they throw {@link UnsupportedOperationException}.
 */
public final class Kernel
{
    /** NOVA object space: the console semaphore. */
    public static final long NOVA_CONSOLE_SM = SpaceObj.SELECTORS - 1;
    /** NOVA object space: the NOVA object space (TAKE). */
    public static final long NOVA_OBJ = SpaceObj.SELECTORS - 2;
    /** NOVA object space: the NOVA host space (TAKE). */
    public static final long NOVA_HST = SpaceObj.SELECTORS - 3;
    /** NOVA object space: the NOVA PIO space (TAKE; x86 only). */
    public static final long NOVA_PIO = SpaceObj.SELECTORS - 4;
    /** NOVA object space: the NOVA MSR space (TAKE; x86 only). */
    public static final long NOVA_MSR = SpaceObj.SELECTORS - 5;
    /** NOVA object space: the root object space. */
    public static final long NOVA_ROOT_OBJ = SpaceObj.SELECTORS - 6;
    /** NOVA object space: the root host space. */
    public static final long NOVA_ROOT_HST = SpaceObj.SELECTORS - 7;
    /** NOVA object space: the root PIO space (x86 only). */
    public static final long NOVA_ROOT_PIO = SpaceObj.SELECTORS - 8;

    /** Root object space: the NOVA object space (TAKE). */
    public static final long ROOT_NOVA_OBJ = SpaceObj.SELECTORS - 1;
    /** Root object space: the root object space. */
    public static final long ROOT_OBJ = SpaceObj.SELECTORS - 2;
    /** Root object space: the root PD. */
    public static final long ROOT_PD = SpaceObj.SELECTORS - 3;
    /** Root object space: the root EC. */
    public static final long ROOT_EC = SpaceObj.SELECTORS - 4;
    /** Root object space: the root SC. */
    public static final long ROOT_SC = SpaceObj.SELECTORS - 5;

    /** The root SC's budget in milliseconds. */
    public static final int ROOT_BUDGET_MS = 1000;

    private final Platform platform;
    private final Pd nova = new Pd();
    private final Pd root = new Pd();
    private final Ec rootEc;
    private final Sc rootSc;
    private final Syscall syscall;

    /**
     * Boots the kernel: creates the NOVA object space and the root PD with its initial capabilities.
     *
     * @param platform the architecture-specific half
     */
    public Kernel(final Platform platform)
    {
        this.platform = Require.nonNull("platform", platform);
        Require.inRange("platform.cpus()", platform.cpus(), 1, SpaceObj.SELECTORS - 8);
        final SpaceObj novaObj = (SpaceObj) nova.newSpace(Kind.OBJ);
        final SpaceObj rootObj = (SpaceObj) root.newSpace(Kind.OBJ);
        final Space rootHst = root.newSpace(Kind.HST);
        final boolean x86Spaces = platform.supports(Kind.PIO);
        final Space rootPio = x86Spaces ? root.newSpace(Kind.PIO) : null;

        // The kernel's own PD and object space are referenced by nothing else; keep them alive.
        novaObj.store(NOVA_OBJ, novaObj, Perm.SPACE_TAKE);
        final Sm console = Sm.regular(0);
        novaObj.store(NOVA_CONSOLE_SM, console, console.definedPerms());
        novaObj.store(NOVA_HST, nova.newSpace(Kind.HST), Perm.SPACE_TAKE);
        if (x86Spaces)
        {
            novaObj.store(NOVA_PIO, nova.newSpace(Kind.PIO), Perm.SPACE_TAKE);
        }
        if (platform.supports(Kind.MSR))
        {
            novaObj.store(NOVA_MSR, nova.newSpace(Kind.MSR), Perm.SPACE_TAKE);
        }
        novaObj.store(NOVA_ROOT_OBJ, rootObj, Kind.OBJ.perms());
        novaObj.store(NOVA_ROOT_HST, rootHst, Kind.HST.perms());
        if (rootPio != null)
        {
            novaObj.store(NOVA_ROOT_PIO, rootPio, Kind.PIO.perms());
        }
        for (int cpu = 0; cpu < platform.cpus(); cpu++)
        {
            novaObj.store(cpu, new Sc(null, cpu, 0, ROOT_BUDGET_MS, 0), Perm.SC_CTRL);
        }

        rootEc = new Ec(root, 0, platform.abi());
        rootSc = new Sc(rootEc, 0, Sc.PRIO_MAX, ROOT_BUDGET_MS, 0);
        rootObj.store(ROOT_NOVA_OBJ, novaObj, Perm.SPACE_TAKE);
        rootObj.store(ROOT_OBJ, rootObj, Kind.OBJ.perms());
        rootObj.store(ROOT_PD, root, Kind.PD.perms());
        rootObj.store(ROOT_EC, rootEc, Kind.EC.perms());
        rootObj.store(ROOT_SC, rootSc, Kind.SC.perms());
        this.syscall = new Syscall(platform);
    }

    /** @return the architecture-specific half */
    public Platform platform()
    {
        return platform;
    }

    /** @return the kernel's own PD, owner of the NOVA spaces */
    public Pd nova()
    {
        return nova;
    }

    /** @return the root PD */
    public Pd root()
    {
        return root;
    }

    /** @return the root EC, on the boot CPU */
    public Ec rootEc()
    {
        return rootEc;
    }

    /** @return the root SC */
    public Sc rootSc()
    {
        return rootSc;
    }

    /**
     * Executes the hypercall in {@code ec}'s registers and writes the status into the first hypercall
     * register (zero-extended, docs/decisions.md K4), outputs into the others.
     *
     * @param ec the calling EC
     * @return the status
     */
    public Status hypercall(final Ec ec)
    {
        final Status s = syscall.execute(ec);
        ec.setParam(0, s.code());
        return s;
    }
}
