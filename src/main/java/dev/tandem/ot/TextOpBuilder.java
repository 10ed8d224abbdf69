package dev.tandem.ot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Builds an op in its canonical JSON form while components are appended one by one.
 *
 * <p>Empty components are dropped and a component of the same kind as the previous one is merged
 * into it. Two deletes given as text merge into one text delete, but a delete given as a count
 * turns the merged delete into a count. {@link #build} drops a trailing skip.
 */
final class TextOpBuilder {

    private final List<Object> out = new ArrayList<>();

    private TextComponent.Kind pendingKind;
    private long pendingLength;
    /** Text of the pending insert or text delete; {@code null} for a skip or a count delete. */
    private String pendingText;
    /**
     * Text of a pending insert or text delete merged from several pieces, or {@code null} while it
     * has one piece. Most components are never merged, so this saves a copy of their text.
     */
    private StringBuilder mergedText;

    void append(TextComponent component) {
        switch (component.kind) {
            case SKIP -> appendSkip(component.length);
            case INSERT -> appendInsert(component.text, component.length);
            case DELETE -> appendDelete(component.text, component.length);
        }
    }

    void appendSkip(long length) {
        if (length == 0) {
            return;
        }
        if (pendingKind == TextComponent.Kind.SKIP) {
            pendingLength = addCounts(pendingLength, length);
            return;
        }
        flush();
        pendingKind = TextComponent.Kind.SKIP;
        pendingLength = length;
    }

    void appendInsert(String text, long codePoints) {
        if (text.isEmpty()) {
            return;
        }
        if (pendingKind == TextComponent.Kind.INSERT) {
            appendText(text);
            pendingLength += codePoints;
            return;
        }
        flush();
        pendingKind = TextComponent.Kind.INSERT;
        pendingLength = codePoints;
        pendingText = text;
    }

    /** Appends a delete of {@code length} code points, given as {@code text} unless that is null. */
    void appendDelete(String text, long length) {
        if (length == 0) {
            return;
        }
        if (pendingKind == TextComponent.Kind.DELETE) {
            pendingLength = addCounts(pendingLength, length);
            if (pendingText != null && text != null) {
                appendText(text);
            } else {
                pendingText = null;
                mergedText = null;
            }
            return;
        }
        flush();
        pendingKind = TextComponent.Kind.DELETE;
        pendingLength = length;
        pendingText = text;
    }

    private void appendText(String text) {
        if (mergedText == null) {
            mergedText = new StringBuilder(pendingText);
        }
        mergedText.append(text);
    }

    private String pendingTextValue() {
        return mergedText == null ? pendingText : mergedText.toString();
    }

    /** Returns the op as an unmodifiable list, without a trailing skip. */
    List<Object> build() {
        if (pendingKind != TextComponent.Kind.SKIP) {
            flush();
        }
        pendingKind = null;
        return Collections.unmodifiableList(out);
    }

    private void flush() {
        if (pendingKind == null) {
            return;
        }
        switch (pendingKind) {
            case SKIP -> out.add(toJsonNumber(pendingLength));
            case INSERT -> out.add(pendingTextValue());
            case DELETE -> out.add(Map.of("d",
                    pendingText == null ? toJsonNumber(pendingLength) : pendingTextValue()));
        }
        pendingKind = null;
        pendingText = null;
        mergedText = null;
    }

    private static long addCounts(long a, long b) {
        long sum = a + b;
        if (sum > TextOp.MAX_COUNT) {
            throw OtException.badlyFormed("merged count " + sum + " is above the maximum 2^53");
        }
        return sum;
    }

    /** Returns an Integer when the count fits, matching what a JSON parser produces for it. */
    static Number toJsonNumber(long value) {
        if (value <= Integer.MAX_VALUE) {
            return Integer.valueOf((int) value);
        }
        return Long.valueOf(value);
    }
}
