package dev.tandem.ot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * Presence as a Quill-style range {@code {"index": I, "length": L}}, moved across an op by moving
 * both ends as cursors, as rich-text 4.1.0's {@code transformPresence} does.
 */
final class RangePresence {

    private RangePresence() {
    }

    /**
     * Returns a copy of {@code presence} with both ends moved by {@code moveCursor}. Other keys are
     * kept. {@code presence} must not be null.
     */
    static Object transform(Object presence, String typeName, LongUnaryOperator moveCursor) {
        if (!(presence instanceof Map<?, ?> range)) {
            throw OtException.badlyFormed(typeName + " presence must be a range {\"index\", \"length\"}, got "
                    + DeltaParser.describe(presence));
        }
        long index = count(range, "index", typeName);
        long length = count(range, "length", typeName);
        long start = moveCursor.applyAsLong(index);
        long end = moveCursor.applyAsLong(index + length);

        LinkedHashMap<String, Object> moved = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : FrozenJson.freezeMap(range).entrySet()) {
            moved.put((String) entry.getKey(), entry.getValue());
        }
        moved.put("index", TextOpBuilder.toJsonNumber(start));
        moved.put("length", TextOpBuilder.toJsonNumber(end - start));
        return FrozenJson.ownMap(moved);
    }

    private static long count(Map<?, ?> range, String key, String typeName) {
        Object value = range.get(key);
        if (value instanceof Number number) {
            try {
                return TextOp.toCount(number, 0, key);
            } catch (OtException e) {
                // Rethrown below with a message about the presence rather than an op component.
            }
        }
        throw OtException.badlyFormed(typeName + " presence \"" + key
                + "\" must be an integer from 0 to 2^53, got " + DeltaParser.describe(value));
    }
}
