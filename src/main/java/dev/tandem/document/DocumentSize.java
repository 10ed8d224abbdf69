package dev.tandem.document;

import java.util.List;
import java.util.Map;

/**
 * The size of a JSON value, such as a snapshot or an op, close to its size as JSON. It is the bytes
 * of UTF-8 of its strings, plus 8 for each number, boolean or null, 1 for each list element, 4 for
 * each map entry and 2 for each list or map.
 *
 * <p>Every method takes a limit and stops walking once the value is known to be above it, so a
 * check of a large document against a small limit costs no more than the limit.
 */
public final class DocumentSize {

    private DocumentSize() {
    }

    /** Returns whether the size of {@code data} is above {@code limitBytes}. */
    public static boolean exceeds(Object data, long limitBytes) {
        return within(data, limitBytes) > limitBytes;
    }

    /**
     * Returns an upper bound of the size that is at most {@code limitBytes}, or a value above
     * {@code limitBytes} when the size is above it. Strings are first counted at 3 bytes per UTF-16
     * unit, which needs no pass over their characters, and counted exactly only when that bound
     * is above the limit.
     */
    public static long within(Object data, long limitBytes) {
        long bound = measure(data, limitBytes, false);
        return bound <= limitBytes ? bound : measure(data, limitBytes, true);
    }

    /**
     * Returns {low, high}, bounds of the size with {@code high} at most {@code limitBytes}, or
     * {@code low} above {@code limitBytes} when the size is above it. A first pass counts each
     * UTF-16 unit as 1 to 3 bytes, which needs no look at the characters. Only when that leaves
     * the limit undecided are strings counted exactly, and then both bounds are the exact size.
     */
    public static long[] bounds(Object data, long limitBytes) {
        Tally tally = new Tally();
        tally.add(data, limitBytes);
        if (tally.high <= limitBytes) {
            return new long[] {tally.low, tally.high};
        }
        long exact = measure(data, limitBytes, true);
        return new long[] {exact, exact};
    }

    /** Running bounds of a size, from UTF-16 lengths. */
    private static final class Tally {
        long low;
        long high;

        /** Adds the bounds of {@code value}, stopping once the upper bound is above the limit. */
        void add(Object value, long limitBytes) {
            if (value instanceof String text) {
                low += text.length();
                high += 3L * text.length();
            } else if (value instanceof List<?> list) {
                for (Object element : list) {
                    low += 1;
                    high += 1;
                    add(element, limitBytes);
                    if (high > limitBytes) {
                        return;
                    }
                }
                low += 2;
                high += 2;
            } else if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    low += 4;
                    high += 4;
                    add(String.valueOf(entry.getKey()), limitBytes);
                    add(entry.getValue(), limitBytes);
                    if (high > limitBytes) {
                        return;
                    }
                }
                low += 2;
                high += 2;
            } else {
                low += 8;
                high += 8;
            }
        }
    }

    /** Returns the exact size, or a value above {@code limitBytes} once the size is known to be above it. */
    public static long exact(Object data, long limitBytes) {
        return measure(data, limitBytes, true);
    }

    private static long measure(Object value, long limitBytes, boolean exactStrings) {
        if (value instanceof String text) {
            return exactStrings ? utf8Length(text, limitBytes) : 3L * text.length();
        }
        long total = 0;
        if (value instanceof List<?> list) {
            for (Object element : list) {
                total += 1 + measure(element, limitBytes - total, exactStrings);
                if (total > limitBytes) {
                    return total;
                }
            }
            return total + 2;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                total += 4 + measure(String.valueOf(entry.getKey()), limitBytes - total, exactStrings);
                total += measure(entry.getValue(), limitBytes - total, exactStrings);
                if (total > limitBytes) {
                    return total;
                }
            }
            return total + 2;
        }
        return 8;
    }

    /**
     * Returns the length of {@code text} in UTF-8, or its UTF-16 length when that alone is above
     * the limit, since no UTF-16 unit encodes to less than one byte.
     */
    private static long utf8Length(String text, long limitBytes) {
        int units = text.length();
        if (units > limitBytes) {
            return units;
        }
        long bytes = 0;
        for (int i = 0; i < units; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < units && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                // A lone surrogate counts as 3 bytes, like the rest of the Basic Multilingual Plane.
                bytes += 3;
            }
        }
        return bytes;
    }
}
