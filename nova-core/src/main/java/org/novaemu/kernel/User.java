// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/**
 * What user code sees of the EC it runs in: its registers, including the instruction pointer, its UTCB,
 * and the time counter. Nothing else of the kernel is reachable from here; hypercalls go through the
 * registers (docs/execution-model.md).
 */
public interface User
{
    /** @return the instruction pointer */
    long ip();

    /**
     * @param ip the new instruction pointer
     */
    void setIp(long ip);

    /**
     * @param n a general-purpose register number
     * @return its value
     */
    long gpr(int n);

    /**
     * @param n a general-purpose register number
     * @param value its new value
     */
    void setGpr(int n, long value);

    /**
     * @param i a hypercall parameter position, 0 to 4
     * @return the register that holds it
     */
    long param(int i);

    /**
     * @param i a hypercall parameter position, 0 to 4
     * @param value the register's new value
     */
    void setParam(int i, long value);

    /**
     * @param word a UTCB word index, 0 to 511
     * @return the word
     */
    long utcb(int word);

    /**
     * @param word a UTCB word index, 0 to 511
     * @param value the word's new value
     */
    void setUtcb(int word, long value);

    /**
     * Charges the cost of user-mode work to the CPU.
     *
     * @param cycles the cost in cycles
     */
    void charge(long cycles);

    /** @return the system time counter (STC), which counts cycles of the machine's reference clock */
    long stc();

    /** @return the CPU the EC is bound to */
    int cpu();
}
