package dev.tandem.ot;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attribute-map rules of quill-delta 5.1.0 ({@code AttributeMap}) and the JavaScript equalities they
 * rely on.
 *
 * <p>In these maps a key that is absent is JavaScript's {@code undefined}, while a key mapped to
 * null is an explicit removal. The difference matters in every rule below.
 */
final class DeltaAttributes {

    private DeltaAttributes() {
    }

    /**
     * Returns the attributes of {@code b} applied over {@code a}, or null when none remain. Null
     * values of {@code b} are kept only when {@code keepNull} (composing onto a retain), but null values
     * of {@code a} always survive where {@code b} does not name the key.
     */
    static FrozenJson.FrozenMap compose(FrozenJson.FrozenMap a, FrozenJson.FrozenMap b, boolean keepNull) {
        // Shortcuts for the common cases, which return what the general loop below would build.
        if (b == null) {
            return a == null || a.isEmpty() ? null : a;
        }
        if (a == null && (keepNull || !b.containsValue(null))) {
            return b.isEmpty() ? null : b;
        }
        LinkedHashMap<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : b.entrySet()) {
            if (keepNull || entry.getValue() != null) {
                result.put(entry.getKey(), entry.getValue());
            }
        }
        if (a != null) {
            for (Map.Entry<String, Object> entry : a.entrySet()) {
                if (!b.containsKey(entry.getKey())) {
                    result.put(entry.getKey(), entry.getValue());
                }
            }
        }
        return result.isEmpty() ? null : FrozenJson.ownMap(result);
    }

    /**
     * Returns the attributes that undo {@code applied} on text formatted with {@code base}: the old
     * value where {@code applied} changed a key, null where it added one. May be empty.
     */
    static FrozenJson.FrozenMap invert(Map<String, Object> applied, Map<String, Object> base) {
        LinkedHashMap<String, Object> result = new LinkedHashMap<>();
        if (base != null) {
            for (Map.Entry<String, Object> entry : base.entrySet()) {
                String key = entry.getKey();
                if (applied.containsKey(key) && !strictEquals(entry.getValue(), applied.get(key))) {
                    result.put(key, entry.getValue());
                }
            }
        }
        for (String key : applied.keySet()) {
            if (base == null || !base.containsKey(key)) {
                result.put(key, null);
            }
        }
        return FrozenJson.ownMap(result);
    }

    /**
     * Returns the attributes of {@code b} to apply after {@code a} was applied to the same range.
     * With {@code priority}, {@code a} wins every key it sets, and without it {@code b} wins.
     */
    static FrozenJson.FrozenMap transform(FrozenJson.FrozenMap a, FrozenJson.FrozenMap b, boolean priority) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return null;
        }
        if (!priority) {
            return b;
        }
        LinkedHashMap<String, Object> result = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : b.entrySet()) {
            if (!a.containsKey(entry.getKey())) {
                result.put(entry.getKey(), entry.getValue());
            }
        }
        return result.isEmpty() ? null : FrozenJson.ownMap(result);
    }

    /**
     * Returns whether two JSON values are deeply equal as lodash {@code isEqual} compares parsed JSON:
     * numbers by value whatever their Java class, objects by key set and values.
     */
    static boolean deepEquals(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return numbersEqual(x, y);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> entry : x.entrySet()) {
                if (!y.containsKey(entry.getKey()) || !deepEquals(entry.getValue(), y.get(entry.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> left = x.iterator();
            Iterator<?> right = y.iterator();
            while (left.hasNext()) {
                if (!deepEquals(left.next(), right.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /**
     * Returns whether JavaScript's {@code ===} holds for two values parsed from separate JSON texts:
     * objects and arrays are then distinct instances and never equal.
     */
    static boolean strictEquals(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return numbersEqual(x, y);
        }
        if (a instanceof Map || a instanceof List) {
            return false;
        }
        return a.equals(b);
    }

    private static boolean numbersEqual(Number x, Number y) {
        if (isIntegral(x) && isIntegral(y)) {
            return x.longValue() == y.longValue();
        }
        if (x instanceof BigDecimal || y instanceof BigDecimal) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return x.doubleValue() == y.doubleValue();
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
    }
}
