// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.util.Optional;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.novaemu.machine.Machine;

/**
 * The JUnit 5 extension behind {@link NovaMachine}: resolves parameters of type {@link TestBed}, {@link Machine},
 * {@link RootScript} and {@link Interceptor} from one test bed per test, built from the nearest annotation (the
 * method's, else the class's or a superclass's, else an enclosing class's). The bed's interceptor records from the
 * start.
 */
public final class NovaMachineExtension implements ParameterResolver
{
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NovaMachineExtension.class);

    /** Made by JUnit. */
    public NovaMachineExtension()
    {
    }

    @Override
    public boolean supportsParameter(final ParameterContext p, final ExtensionContext e)
    {
        final Class<?> t = p.getParameter().getType();
        return t == TestBed.class || t == Machine.class || t == RootScript.class || t == Interceptor.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext p, final ExtensionContext e)
    {
        final TestBed bed = e.getStore(NS).getOrComputeIfAbsent("bed", k -> intercepted(TestBed.of(shape(e))),
            TestBed.class);
        final Class<?> t = p.getParameter().getType();
        if (t == Machine.class)
        {
            return bed.machine();
        }
        if (t == RootScript.class)
        {
            return bed.root();
        }
        if (t == Interceptor.class)
        {
            return bed.interceptor();
        }
        return bed;
    }

    /** A test is no benchmark: its bed records from the start, whichever parameters it takes (U13). */
    private static TestBed intercepted(final TestBed bed)
    {
        bed.interceptor();
        return bed;
    }

    /** The method's annotation, else its class's (inherited from a superclass), else an enclosing class's. */
    private static NovaMachine shape(final ExtensionContext e)
    {
        final Optional<NovaMachine> onMethod = e.getTestMethod()
            .flatMap(m -> AnnotationSupport.findAnnotation(m, NovaMachine.class));
        if (onMethod.isPresent())
        {
            return onMethod.get();
        }
        Optional<Class<?>> c = e.getTestClass();
        while (c.isPresent())
        {
            final Optional<NovaMachine> a = AnnotationSupport.findAnnotation(c.get(), NovaMachine.class);
            if (a.isPresent())
            {
                return a.get();
            }
            c = c.map(Class::getEnclosingClass);
        }
        throw new ParameterResolutionException("no @NovaMachine on " + e.getDisplayName() + " or its class");
    }
}
