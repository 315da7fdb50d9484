// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal strict JSON parser (no dependency), for reading Chrome trace files back ({@link ChromeTraceFile}):
 * objects become ordered maps, arrays lists, numbers {@link Double}, true/false {@link Boolean}, null null.
 * Anything malformed, or text after the value, throws. (A copy of the examples' parser: the kit depends on no JSON
 * library.)
 */
final class Json
{
    private final String s;
    private int i;

    private Json(final String s)
    {
        this.s = s;
    }

    /**
     * @param text JSON text
     * @return its value
     */
    static Object parse(final String text)
    {
        final Json p = new Json(text);
        final Object v = p.value();
        p.ws();
        if (p.i != text.length())
        {
            throw new IllegalArgumentException("text after the value at " + p.i);
        }
        return v;
    }

    private Object value()
    {
        ws();
        final char c = s.charAt(i);
        switch (c)
        {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                return number();
        }
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        i++;
        ws();
        if (s.charAt(i) == '}')
        {
            i++;
            return m;
        }
        while (true)
        {
            ws();
            final String k = string();
            ws();
            expect(':');
            m.put(k, value());
            ws();
            if (s.charAt(i) == '}')
            {
                i++;
                return m;
            }
            expect(',');
        }
    }

    private List<Object> array()
    {
        final List<Object> l = new ArrayList<>();
        i++;
        ws();
        if (s.charAt(i) == ']')
        {
            i++;
            return l;
        }
        while (true)
        {
            l.add(value());
            ws();
            if (s.charAt(i) == ']')
            {
                i++;
                return l;
            }
            expect(',');
        }
    }

    private String string()
    {
        expect('"');
        final StringBuilder b = new StringBuilder();
        while (true)
        {
            final char c = s.charAt(i++);
            if (c == '"')
            {
                return b.toString();
            }
            if (c < 0x20)
            {
                throw new IllegalArgumentException("control character in a string at " + i);
            }
            if (c != '\\')
            {
                b.append(c);
                continue;
            }
            final char e = s.charAt(i++);
            switch (e)
            {
                case 'u' ->
                {
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case '"', '\\', '/' -> b.append(e);
                default -> throw new IllegalArgumentException("bad escape at " + i);
            }
        }
    }

    private Double number()
    {
        final int start = i;
        while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0)
        {
            i++;
        }
        final String n = s.substring(start, i);
        if (!n.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?"))
        {
            throw new IllegalArgumentException("bad number '" + n + "' at " + start);
        }
        return Double.valueOf(n);
    }

    private Object literal(final String word, final Object v)
    {
        if (!s.startsWith(word, i))
        {
            throw new IllegalArgumentException("bad literal at " + i);
        }
        i += word.length();
        return v;
    }

    private void expect(final char c)
    {
        if (s.charAt(i) != c)
        {
            throw new IllegalArgumentException("expected '" + c + "' at " + i + ", found '" + s.charAt(i) + "'");
        }
        i++;
    }

    private void ws()
    {
        while (i < s.length() && Character.isWhitespace(s.charAt(i)))
        {
            i++;
        }
    }
}
