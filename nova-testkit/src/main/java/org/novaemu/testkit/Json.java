// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.testkit;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;

/** Reading JSON back (Chrome trace files): strict syntax, objects as ordered maps, numbers as Double. */
public final class Json
{
    private static final Gson STRICT = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    private Json()
    {
    }

    /**
     * @param text JSON text
     * @return its value: maps (in the text's order), lists, Double, String, Boolean or null
     * @throws IllegalArgumentException if the text is not exactly one JSON value
     */
    public static Object parse(final String text)
    {
        try
        {
            return STRICT.fromJson(text, Object.class);
        }
        catch (final JsonParseException e)
        {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}
