package dev.tandem.ot;

/** UTF-16 helpers that count and walk strings in Unicode code points. */
final class CodePoints {

    private CodePoints() {
    }

    /**
     * Returns the char index reached after moving {@code count} code points forward from
     * {@code start}, or -1 when {@code text} ends first. A lone surrogate counts as one code point.
     */
    static int advance(String text, int start, long count) {
        int index = start;
        int length = text.length();
        for (long moved = 0; moved < count; moved++) {
            if (index >= length) {
                return -1;
            }
            if (Character.isHighSurrogate(text.charAt(index))
                    && index + 1 < length
                    && Character.isLowSurrogate(text.charAt(index + 1))) {
                index += 2;
            } else {
                index++;
            }
        }
        return index;
    }

    /** Returns the char index of the first unpaired surrogate in {@code text}, or -1 when there is none. */
    static int findLoneSurrogate(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Returns the number of code points in {@code text}, or {@code -(i + 1)} when the char at index
     * {@code i} is the first unpaired surrogate. One pass serves both validation and counting.
     */
    static long countValid(String text) {
        int length = text.length();
        long count = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return -(i + 1L);
                }
            } else if (Character.isLowSurrogate(c)) {
                return -(i + 1L);
            }
            count++;
        }
        return count;
    }

    static long count(String text) {
        return text.codePointCount(0, text.length());
    }
}
