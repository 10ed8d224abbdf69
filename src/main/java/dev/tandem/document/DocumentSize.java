package dev.tandem.document;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Bounds on the size of a JSON value, such as a snapshot or an op, measured in bytes of UTF-8 of its
 * strings plus a few bytes per element and entry, close to its size as JSON.
 */
public final class DocumentSize {

    private DocumentSize() {
    }

    /**
     * Returns whether {@code data} is larger than {@code limitBytes}. Strings are measured exactly
     * only when their UTF-16 length cannot decide it, since each UTF-16 unit takes 1 to 3 bytes.
     */
    public static boolean exceeds(Object data, long limitBytes) {
        return measure(data, limitBytes) > limitBytes;
    }

    /** Returns the size, or any value above {@code limitBytes} once it is known to be above. */
    private static long measure(Object value, long limitBytes) {
        if (value instanceof String text) {
            if ((long) text.length() * 3 <= limitBytes) {
                return text.length();
            }
            if (text.length() > limitBytes) {
                return text.length();
            }
            return text.getBytes(StandardCharsets.UTF_8).length;
        }
        long total = 0;
        if (value instanceof List<?> list) {
            for (Object element : list) {
                total += 1 + measure(element, limitBytes - total);
                if (total > limitBytes) {
                    return total;
                }
            }
            return total + 2;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                total += 4 + measure(String.valueOf(entry.getKey()), limitBytes - total)
                        + measure(entry.getValue(), limitBytes - total);
                if (total > limitBytes) {
                    return total;
                }
            }
            return total + 2;
        }
        return 8;
    }
}
