package dev.tandem.ot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for plain JSON values: copying, comparing and adding numbers as JavaScript does. */
final class JsonValues {

    /** Largest integer that a JavaScript number represents exactly. */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private JsonValues() {
    }

    /**
     * Returns a mutable deep copy of {@code value}, or throws {@link OtException#badlyFormed} when it
     * contains something other than JSON values, or a string with an unpaired surrogate.
     */
    static Object copy(Object value, String what) {
        if (value == null || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number number) {
            checkFinite(number, what);
            return number;
        }
        if (value instanceof String text) {
            checkUtf16(text, what);
            return text;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(copy(item, what));
            }
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String key)) {
                    throw OtException.badlyFormed(what + " has a non-string object key " + entry.getKey());
                }
                checkUtf16(key, what);
                copy.put(key, copy(entry.getValue(), what));
            }
            return copy;
        }
        throw OtException.badlyFormed(what + " is not a JSON value: " + value.getClass().getSimpleName());
    }

    /**
     * Rejects a string, such as a value or an object key, with an unpaired surrogate. JSON encoders
     * replace one with {@code ?}, so the sender and everyone else would hold different text.
     */
    static void checkUtf16(String text, String what) {
        int lone = CodePoints.findLoneSurrogate(text);
        if (lone >= 0) {
            throw OtException.badlyFormed(what + " is invalid UTF-16: lone surrogate at index " + lone
                    + " of the string " + abbreviate(text));
        }
    }

    /** Rejects a value with a string or an object key that {@link #checkUtf16} rejects, without copying it. */
    static void checkStrings(Object value, String what) {
        if (value instanceof String text) {
            checkUtf16(text, what);
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                checkStrings(item, what);
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                checkStrings(entry.getKey(), what);
                checkStrings(entry.getValue(), what);
            }
        }
    }

    private static void checkFinite(Number number, String what) {
        if (number instanceof Double || number instanceof Float) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw OtException.badlyFormed(what + " contains the number " + number + ", which JSON cannot hold");
            }
        }
    }

    /** Returns whether two JSON values are deeply equal, comparing numbers by value (1 equals 1.0). */
    static boolean deepEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return numbersEqual(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
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
        return a == null ? b == null : a.equals(b);
    }

    /**
     * Returns whether JavaScript's {@code ===} holds for two values taken from separate JSON parses:
     * equal primitives are identical, but two objects or arrays never are.
     */
    static boolean strictEquals(Object a, Object b) {
        if (a instanceof List || a instanceof Map || b instanceof List || b instanceof Map) {
            return false;
        }
        return deepEquals(a, b);
    }

    static boolean numbersEqual(Number x, Number y) {
        if (isIntegral(x) && isIntegral(y)) {
            return toBigInteger(x).equals(toBigInteger(y));
        }
        return x.doubleValue() == y.doubleValue();
    }

    /**
     * Adds two numbers as JavaScript does. The sum stays a {@link Long} while both are integers and it
     * is exactly representable in a double; otherwise it is the double sum.
     */
    static Number add(Number x, Number y) {
        if (isIntegral(x) && isIntegral(y)) {
            BigInteger sum = toBigInteger(x).add(toBigInteger(y));
            if (sum.abs().compareTo(BigInteger.valueOf(MAX_SAFE_INTEGER)) <= 0
                    && Math.abs(x.doubleValue()) <= MAX_SAFE_INTEGER
                    && Math.abs(y.doubleValue()) <= MAX_SAFE_INTEGER) {
                return sum.longValue();
            }
        }
        return x.doubleValue() + y.doubleValue();
    }

    /** Returns {@code -x} as JavaScript computes it. */
    static Number negate(Number x) {
        if (isIntegral(x) && Math.abs(x.doubleValue()) <= MAX_SAFE_INTEGER) {
            return -x.longValue();
        }
        return -x.doubleValue();
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger;
    }

    private static BigInteger toBigInteger(Number n) {
        return n instanceof BigInteger big ? big : BigInteger.valueOf(n.longValue());
    }

    /** Converts a JSON number to an int index, or returns -1 when it is not a non-negative integer. */
    static int toIndex(Object value) {
        if (!(value instanceof Number number)) {
            return -1;
        }
        if (number instanceof BigDecimal decimal) {
            try {
                return decimal.intValueExact() >= 0 ? decimal.intValueExact() : -1;
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        double d = number.doubleValue();
        if (d != Math.rint(d) || d < 0 || d > Integer.MAX_VALUE) {
            return -1;
        }
        if (isIntegral(number) && toBigInteger(number).compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            return -1;
        }
        return (int) d;
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return "\"" + abbreviate(text) + "\"";
        }
        return abbreviate(String.valueOf(value));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
