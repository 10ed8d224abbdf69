package dev.tandem.store;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts plain Java JSON values ({@code String}, {@code Number}, {@code Boolean}, {@code null},
 * {@code List}, {@code Map}) to and from JSON text.
 *
 * <p>Ops and snapshots are stored as JSON text, not {@code jsonb}, because {@code jsonb} rejects
 * U+0000 in strings and reorders object keys. Decoded values never contain Vert.x
 * {@link JsonObject} or {@link JsonArray}: objects come back as {@link LinkedHashMap} in document
 * order, arrays as {@link ArrayList}, integers as {@link Integer}, {@link Long} or
 * {@link java.math.BigInteger} (the smallest that fits), and fractions as {@link Double}.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * Encodes a plain value as JSON text.
     *
     * @throws EncodeException if the value contains a type that has no JSON form
     */
    public static String encode(Object value) {
        return escapeLoneSurrogates(Json.encode(value));
    }

    /**
     * Decodes JSON text into a plain value; {@code null} text decodes to {@code null}.
     *
     * @throws DecodeException if the text is not valid JSON
     */
    public static Object decode(String json) {
        if (json == null) {
            return null;
        }
        return toPlain(Json.decodeValue(json));
    }

    /**
     * Writes each unpaired UTF-16 surrogate as a JSON escape (backslash, {@code u}, four hex digits).
     * Jackson copies such a char into the text as is, and UTF-8 has no form for it, so PostgreSQL
     * would store a replacement character. A raw surrogate can only occur inside a JSON string,
     * where the escape decodes to the same char.
     */
    static String escapeLoneSurrogates(String json) {
        StringBuilder escaped = null;
        int length = json.length();
        for (int i = 0; i < length; i++) {
            char c = json.charAt(i);
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 >= length || !Character.isLowSurrogate(json.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(json.charAt(i - 1)));
            if (lone && escaped == null) {
                escaped = new StringBuilder(length + 16).append(json, 0, i);
            }
            if (escaped == null) {
                continue;
            }
            if (lone) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped == null ? json : escaped.toString();
    }

    /** Replaces Vert.x JSON containers, at any depth, by plain maps and lists. */
    static Object toPlain(Object value) {
        if (value instanceof JsonObject object) {
            return toPlainMap(object.getMap());
        }
        if (value instanceof JsonArray array) {
            return toPlainList(array.getList());
        }
        if (value instanceof Map<?, ?> map) {
            return toPlainMap(map);
        }
        if (value instanceof List<?> list) {
            return toPlainList(list);
        }
        return value;
    }

    private static Map<String, Object> toPlainMap(Map<?, ?> map) {
        Map<String, Object> plain = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            plain.put(String.valueOf(entry.getKey()), toPlain(entry.getValue()));
        }
        return plain;
    }

    private static List<Object> toPlainList(List<?> list) {
        List<Object> plain = new ArrayList<>(list.size());
        for (Object element : list) {
            plain.add(toPlain(element));
        }
        return plain;
    }
}
