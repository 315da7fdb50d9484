// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu.v2;

import org.novaemu.bus.AccessRule;
import org.novaemu.bus.Bus;
import org.novaemu.bus.RequesterId;
import org.novaemu.irq.IrqLine;
import org.novaemu.mem.PhysicalMemory;
import org.novaemu.sim.Engine;

/**
 * An SMMUv2 of 32 stream mapping groups and 8 context banks at {@link #SMMU} on a bus with 256 MiB of RAM at
 * {@link #RAM}, its global and context interrupts as lines whose levels the tests read; helpers program it
 * through the bus as a driver does, and write stage 2 tables (4 levels, 48-bit IPAs) from {@link #ROOT} with
 * the Arm ARM's descriptor bits, not with the model's format class.
 */
final class V2Harness
{
    static final long SMMU = 0x0b00_0000L;
    static final long RAM = 0x4000_0000L;
    static final long ROOT = RAM + 0x40_0000L;
    static final int BANKS = 8;
    /** The context bank space: the upper half of 2 x 8 pages. */
    static final long CB_SPACE = SMMU + 8 * 0x1000;

    /** Stage 2 descriptor bits (Arm ARM D8.3): valid, table or page, S2AP read and write, AF. */
    static final long TABLE = 0b11;
    static final long PAGE = 0b11;
    static final long BLOCK = 0b01;
    static final long R = 1 << 6;
    static final long W = 1 << 7;
    static final long AF = 1 << 10;
    /** TCR for 48-bit IPAs from level 0: T0SZ 16, SL0 2, PS 48 bits. */
    static final int TCR_48 = 16 | 2 << 6 | 5 << 16;

    final Engine engine = Engine.builder().build();
    final Bus bus = new Bus(new PhysicalMemory(), engine.trace());
    final PhysicalMemory mem = bus.memory();
    final IrqLine global = new IrqLine("smmu.global", 0, engine.trace());
    final IrqLine[] context = new IrqLine[BANKS];
    final Smmuv2 smmu;
    private long nextTable = ROOT + 0x1000;

    V2Harness()
    {
        bus.mapRam("ram", RAM, 0x1000_0000L);
        for (int i = 0; i < BANKS; i++)
        {
            context[i] = new IrqLine("smmu.cb" + i, i + 1, engine.trace());
        }
        smmu = Smmuv2.builder(bus).streamMatchGroups(32).contextBanks(BANKS).globalFaultIrq(global)
            .contextFaultIrqs(context).build();
        bus.mapMmio("smmu", SMMU, smmu.frameSize(), smmu, AccessRule.DWORD_QWORD);
        bus.setTranslation(smmu);
    }

    long read(final Smmuv2Register r)
    {
        return bus.read(SMMU + r.offset(), r.width());
    }

    void write(final Smmuv2Register r, final long value)
    {
        bus.write(SMMU + r.offset(), r.width(), value);
    }

    long read(final Smmuv2Register array, final int n)
    {
        return bus.read(address(array, n), array.width());
    }

    void write(final Smmuv2Register array, final int n, final long value)
    {
        bus.write(address(array, n), array.width(), value);
    }

    /** The address of an array element (SMR, S2CR, CBAR, CBA2R) or of a context bank's register. */
    static long address(final Smmuv2Register r, final int n)
    {
        return switch (r.space())
        {
            case GR0 -> SMMU + r.offset() + 4L * n;
            case GR1 -> SMMU + 0x1000 + r.offset() + 4L * n;
            case CB -> CB_SPACE + 0x1000L * n + r.offset();
        };
    }

    /** Takes the SMMU out of bypass as NOVA does: SMCFCFG, USFCFG, report and interrupt enables, CLIENTPD 0. */
    V2Harness enable()
    {
        write(Smmuv2Register.SCR0, Smmuv2Register.SCR0_SMCFCFG | Smmuv2Register.SCR0_PTM
            | Smmuv2Register.SCR0_VMIDPNE | Smmuv2Register.SCR0_USFCFG | Smmuv2Register.SCR0_GCFGFIE
            | Smmuv2Register.SCR0_GCFGFRE | Smmuv2Register.SCR0_GFIE | Smmuv2Register.SCR0_GFRE);
        return this;
    }

    /** Stream mapping group n matches sid under mask and translates through bank cb. */
    void group(final int n, final int sid, final int mask, final int cb)
    {
        write(Smmuv2Register.S2CR, n, cb);
        write(Smmuv2Register.SMR, n, 1L << 31 | (long) mask << 16 | sid);
    }

    /** Context bank cb as stage 2 with a VMID, the tables at {@link #ROOT}, faults reported and interrupting. */
    void bank(final int cb, final int vmid)
    {
        write(Smmuv2Register.CBA2R, cb, Smmuv2Register.CBA2R_VA64);
        write(Smmuv2Register.CBAR, cb, vmid);
        write(Smmuv2Register.TCR, cb, TCR_48);
        write(Smmuv2Register.TTBR0, cb, ROOT);
        write(Smmuv2Register.SCTLR, cb, Smmuv2Register.SCTLR_CFIE | Smmuv2Register.SCTLR_CFRE
            | Smmuv2Register.SCTLR_M);
    }

    /** A device's requester ID with a StreamID. */
    static long dev(final int sid)
    {
        return RequesterId.arm(sid, 0);
    }

    /** Maps a 4 KiB page. */
    void map4k(final long ipa, final long pa, final long perms)
    {
        mem.write64(slot(ipa, 3), pa | perms | AF | PAGE);
    }

    /** Maps a 2 MiB block. */
    void map2m(final long ipa, final long pa, final long perms)
    {
        mem.write64(slot(ipa, 2), pa | perms | AF | BLOCK);
    }

    /** Maps a 1 GiB block. */
    void map1g(final long ipa, final long pa, final long perms)
    {
        mem.write64(slot(ipa, 1), pa | perms | AF | BLOCK);
    }

    /** @return the address of the descriptor for ipa at level, tables made on the way */
    long slot(final long ipa, final int level)
    {
        long table = ROOT;
        for (int l = 0; l < level; l++)
        {
            final long at = table + 8 * (ipa >>> 39 - 9 * l & 511);
            long d = mem.read64(at);
            if (d == 0)
            {
                d = nextTable | TABLE;
                mem.write64(at, d);
                nextTable += 0x1000;
            }
            table = d & 0xffff_ffff_f000L;
        }
        return table + 8 * (ipa >>> 39 - 9 * level & 511);
    }
}
