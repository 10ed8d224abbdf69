package dev.tandem.ot;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A text-unicode op parsed from its JSON form into {@link TextComponent}s, in the order given.
 *
 * <p>Parsing never merges or drops components, because transform depends on the exact component
 * boundaries of its input (two adjacent inserts are placed differently from one merged insert).
 */
final class TextOp {

    /** Largest count accepted: JavaScript numbers represent every integer up to 2^53 exactly. */
    static final long MAX_COUNT = 1L << 53;

    /** Set of shapes that {@link #parse} accepts. */
    enum Rules {
        /** The rules of the reference checkOp: no empty components, no adjacent or trailing skips. */
        STRICT,
        /**
         * The shapes that normalize cleans up are also accepted: zero skips, empty inserts and
         * deletes, adjacent skips and a trailing skip.
         */
        NORMALIZABLE
    }

    final List<TextComponent> components;
    /** Total UTF-16 length of all inserts, used to size the result of apply. */
    final long insertedChars;

    private TextOp(List<TextComponent> components, long insertedChars) {
        this.components = components;
        this.insertedChars = insertedChars;
    }

    int size() {
        return components.size();
    }

    TextComponent get(int index) {
        return components.get(index);
    }

    /** Parses and validates {@code op}, throwing {@link OtException#badlyFormed} on the first bad component. */
    static TextOp parse(Object op, Rules rules) {
        if (!(op instanceof List<?> list)) {
            throw OtException.badlyFormed(
                    "op must be a list of components, got " + describe(op));
        }
        List<TextComponent> components = new ArrayList<>(list.size());
        boolean strict = rules == Rules.STRICT;
        int index = 0;
        long insertedChars = 0;
        for (Object item : list) {
            TextComponent component = parseComponent(item, index, strict);
            if (component.kind == TextComponent.Kind.INSERT) {
                insertedChars += component.text.length();
            }
            if (strict && component.kind == TextComponent.Kind.SKIP && !components.isEmpty()
                    && components.get(components.size() - 1).kind == TextComponent.Kind.SKIP) {
                throw OtException.badlyFormed(
                        "component " + index + ": adjacent skips must be combined into one");
            }
            components.add(component);
            index++;
        }
        if (strict && !components.isEmpty()
                && components.get(components.size() - 1).kind == TextComponent.Kind.SKIP) {
            throw OtException.badlyFormed(
                    "component " + (components.size() - 1) + ": op must not end with a skip");
        }
        return new TextOp(components, insertedChars);
    }

    private static TextComponent parseComponent(Object item, int index, boolean strict) {
        if (item instanceof Number number) {
            long count = toCount(number, index, "skip");
            if (strict && count == 0) {
                throw OtException.badlyFormed("component " + index + ": skip must be greater than 0");
            }
            return TextComponent.skip(count);
        }
        if (item instanceof String text) {
            if (strict && text.isEmpty()) {
                throw OtException.badlyFormed("component " + index + ": insert must not be empty");
            }
            return TextComponent.insert(text, checkedCodePoints(text, index, "insert"));
        }
        if (item instanceof Map<?, ?> map) {
            return parseDelete(map, index, strict);
        }
        throw OtException.badlyFormed("component " + index + ": invalid component " + describe(item)
                + "; expected a skip count, an insert string or a {\"d\": ...} delete");
    }

    private static TextComponent parseDelete(Map<?, ?> map, int index, boolean strict) {
        if (map.size() != 1 || !map.containsKey("d")) {
            throw OtException.badlyFormed("component " + index
                    + ": a delete must be an object with the single key \"d\", got keys " + map.keySet());
        }
        Object value = map.get("d");
        if (value instanceof Number number) {
            long count = toCount(number, index, "delete");
            if (strict && count == 0) {
                throw OtException.badlyFormed("component " + index + ": delete must not be empty");
            }
            return TextComponent.deleteCount(count);
        }
        if (value instanceof String text) {
            if (strict && text.isEmpty()) {
                throw OtException.badlyFormed("component " + index + ": delete must not be empty");
            }
            return TextComponent.deleteText(text, checkedCodePoints(text, index, "delete"));
        }
        throw OtException.badlyFormed("component " + index
                + ": delete \"d\" must be a count or a string, got " + describe(value));
    }

    private static long checkedCodePoints(String text, int index, String componentKind) {
        long count = CodePoints.countValid(text);
        if (count < 0) {
            throw OtException.badlyFormed("component " + index + ": invalid UTF-16: lone surrogate at index "
                    + (-count - 1) + " of the " + componentKind + " string");
        }
        return count;
    }

    /** Converts a JSON number to a count in [0, 2^53], rejecting fractions, NaN and infinities. */
    static long toCount(Number number, int index, String componentKind) {
        if (number instanceof Integer || number instanceof Long
                || number instanceof Short || number instanceof Byte) {
            return checkRange(number.longValue(), index, componentKind);
        }
        if (number instanceof BigInteger big) {
            if (big.bitLength() > 62) {
                throw OtException.badlyFormed(countPrefix(index, componentKind) + big + " is above the maximum 2^53");
            }
            return checkRange(big.longValue(), index, componentKind);
        }
        if (number instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.stripTrailingZeros();
            if (stripped.scale() > 0) {
                throw OtException.badlyFormed(countPrefix(index, componentKind) + "must be an integer, got " + decimal);
            }
            if (stripped.compareTo(BigDecimal.valueOf(MAX_COUNT)) > 0) {
                throw OtException.badlyFormed(countPrefix(index, componentKind) + decimal + " is above the maximum 2^53");
            }
            return checkRange(stripped.longValue(), index, componentKind);
        }
        double d = number.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) {
            throw OtException.badlyFormed(countPrefix(index, componentKind) + "must be an integer, got " + number);
        }
        if (d > MAX_COUNT) {
            throw OtException.badlyFormed(countPrefix(index, componentKind) + number + " is above the maximum 2^53");
        }
        return checkRange((long) d, index, componentKind);
    }

    private static long checkRange(long value, int index, String componentKind) {
        if (value < 0) {
            throw OtException.badlyFormed(countPrefix(index, componentKind) + "must not be negative, got " + value);
        }
        if (value > MAX_COUNT) {
            throw OtException.badlyFormed(countPrefix(index, componentKind) + value + " is above the maximum 2^53");
        }
        return value;
    }

    /** Returns the start of a count's error message, built only on error because parsing is on the hot path. */
    private static String countPrefix(int index, String componentKind) {
        return "component " + index + ": " + componentKind + " count ";
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        return value.getClass().getSimpleName() + " " + abbreviate(String.valueOf(value));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
