// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.arm.smmu;

/**
 * The SMMU's global error recording (IHI 0070 G.b, 7.5; registers 6.3.16 to 6.3.23): GERROR, GERRORN, IRQ_CTRL
 * with its acknowledge, and the global error interrupt. An error is active while its GERROR bit differs from its
 * GERRORN bit; the SMMU toggles GERROR to activate an error that is inactive and does nothing for one already
 * active; software acknowledges by writing GERRORN equal to GERROR. Activating any error but MSI_GERROR_ABT_ERR
 * triggers the global error interrupt if GERROR_IRQEN is set (7.5.1); an aborted GERROR MSI activates
 * MSI_GERROR_ABT_ERR. IRQ_CTRL's enables take effect at once (IRQ_CTRLACK follows them, decision A100).
 */
final class GlobalErrors
{
    private final InterruptSource gerror;
    private final InterruptSource eventq;
    private int gerrorBits;
    private int gerrorn;
    private int irqCtrl;

    /**
     * @param gerror the global error interrupt
     * @param eventq the event queue interrupt, whose enable IRQ_CTRL also holds
     */
    GlobalErrors(final InterruptSource gerror, final InterruptSource eventq)
    {
        this.gerror = gerror;
        this.eventq = eventq;
    }

    /** @return the global error interrupt's configuration */
    InterruptSource gerrorIrq()
    {
        return gerror;
    }

    /** @return the event queue interrupt's configuration */
    InterruptSource eventqIrq()
    {
        return eventq;
    }

    /** @return GERROR */
    long gerror()
    {
        return gerrorBits;
    }

    /** @return GERRORN: what software last wrote */
    long gerrorn()
    {
        return gerrorn;
    }

    /** @return IRQ_CTRL (and IRQ_CTRLACK, which follows it at once) */
    long irqCtrl()
    {
        return irqCtrl;
    }

    /** @param v IRQ_CTRL's new value: GERROR_IRQEN and EVENTQ_IRQEN (no PRI queue) */
    void writeIrqCtrl(final long v)
    {
        irqCtrl = (int) v & (SmmuRegister.IRQ_CTRL_GERROR_IRQEN | SmmuRegister.IRQ_CTRL_EVENTQ_IRQEN);
    }

    /** @return whether GERROR_IRQEN is set: GERROR_IRQ_CFG* are read-only */
    boolean gerrorIrqEnabled()
    {
        return (irqCtrl & SmmuRegister.IRQ_CTRL_GERROR_IRQEN) != 0;
    }

    /** @return whether EVENTQ_IRQEN is set: EVENTQ_IRQ_CFG* are read-only */
    boolean eventqIrqEnabled()
    {
        return (irqCtrl & SmmuRegister.IRQ_CTRL_EVENTQ_IRQEN) != 0;
    }

    /**
     * @param error a GERROR bit
     * @return whether that error is active
     */
    boolean active(final int error)
    {
        return ((gerrorBits ^ gerrorn) & error) != 0;
    }

    /**
     * An error occurred: activated and signalled if it is inactive, else not logged again.
     *
     * @param error a GERROR bit
     */
    void raise(final int error)
    {
        if (active(error))
        {
            return;
        }
        gerrorBits ^= error;
        if (error != SmmuRegister.GERROR_MSI_GERROR_ABT_ERR && gerrorIrqEnabled() && !gerror.trigger())
        {
            raise(SmmuRegister.GERROR_MSI_GERROR_ABT_ERR); // which itself triggers no interrupt
        }
    }

    /**
     * A write of GERRORN.
     *
     * @param v the value: the defined error bits are stored
     * @return the errors the write deactivated
     */
    int acknowledge(final long v)
    {
        final int before = (gerrorBits ^ gerrorn) & SmmuRegister.GERROR_ERRORS;
        gerrorn = (int) v & SmmuRegister.GERROR_ERRORS;
        return before & ~(gerrorBits ^ gerrorn);
    }
}
