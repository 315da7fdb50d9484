// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hands a JUnit 5 test a booted machine of this shape: a parameter of type {@link TestBed} (or
 * {@link org.novaemu.machine.Machine}, {@link RootScript}, {@link Interceptor}, all of the same bed). On a method
 * it shapes that test's machine; on a class (or an abstract base class: it is inherited), every test's that has none
 * of its own. Each test gets a new machine, whose {@link Interceptor} records from the start.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(NovaMachineExtension.class)
public @interface NovaMachine
{
    /** @return the architecture */
    Arch arch() default Arch.X86;

    /** @return CPUs */
    int cpus() default 2;

    /** @return multi-queue devices behind one root port */
    int devices() default 0;

    /** @return MSI-X vectors per device */
    int vectors() default 4;

    /**
     * @return whether the machine traces from the start, every record kept for {@link TestBed#trace()} and
     *         {@link TestBed#writeChromeTrace} (docs/decisions.md U10)
     */
    boolean trace() default false;
}
