// SPDX-License-Identifier: GPL-2.0-only
package org.novaemu.examples;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;

/** Reading JSON back (Chrome trace files, results): strict syntax, objects as ordered maps, numbers as Double. */
final class Json
{
    private static final Gson STRICT = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    private Json()
    {
    }

    /**
     * @param text JSON text
     * @return its value: maps, lists, Double, String, Boolean or null
     * @throws com.google.gson.JsonParseException if the text is not one JSON value
     */
    static Object read(final String text)
    {
        return STRICT.fromJson(text, Object.class);
    }
}
