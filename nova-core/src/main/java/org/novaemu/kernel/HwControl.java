// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.kernel;

/** Platform control: ctrl_hw's sleep states and quality of service, and the classes of service SCs name. */
public interface HwControl
{
    /**
     * @param cpu the CPU making the call (NOVA checks a class of service against the ambient CPU's)
     * @return COS_NUM there: the number of classes of service, 0 if the hardware has none (COS 0 only)
     */
    int classesOfService(int cpu);

    /**
     * The CPU now runs an SC of class {@code cos}, at each scheduling decision (NOVA's {@code Cos::make_current}):
     * the hardware's current class of service follows (x86: IA32_PQR_ASSOC). Called on the scheduling path:
     * it must not allocate.
     *
     * @param cpu the CPU
     * @param cos the class of service of the SC it switched to (0 for its idle SC)
     */
    void makeCurrent(int cpu, int cos);

    /**
     * The hardware half of ctrl_hw; the kernel has checked the caller (root PD) and the OP.
     *
     * @param cpu the ambient CPU: QOS configuration is per CPU
     * @param op the OP: 0 sleep or reset, 4 QOS configuration, 5 L3 CAT mask, 6 L2 CAT mask, 7 MBA delay
     * @param desc the descriptor, bits 63:8 of the first register
     * @return the status; BAD_FTR for what the hardware does not have; null if the call does not return
     *         (a reset or deep sleep state: the caller stays halted)
     */
    Status ctrlHw(int cpu, int op, long desc);
}
