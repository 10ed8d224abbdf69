package dev.tandem.ot;

import java.util.List;

/**
 * A text-unicode op that only inserts text at one position, {@code ["text"]} or
 * {@code [position, "text"]}: what a typist sends for most keystrokes. Two such ops transform by
 * comparing positions, which {@link TextUnicodeType#transform} does without the general machinery;
 * the result is the one {@link TextTransform#transform} gives.
 */
record TextInsert(long position, String text) {

    /**
     * Returns the op as a single insert, or {@code null} when it is any other op, including an
     * invalid one, which the general path then rejects with its own message.
     */
    static TextInsert of(Object op) {
        if (!(op instanceof List<?> list)) {
            return null;
        }
        if (list.size() == 1 && list.get(0) instanceof String text) {
            return valid(0, text);
        }
        if (list.size() == 2 && list.get(1) instanceof String text
                && (list.get(0) instanceof Integer || list.get(0) instanceof Long)) {
            long position = ((Number) list.get(0)).longValue();
            return position > 0 && position <= TextOp.MAX_COUNT ? valid(position, text) : null;
        }
        return null;
    }

    private static TextInsert valid(long position, String text) {
        return text.isEmpty() || CodePoints.countValid(text) < 0 ? null : new TextInsert(position, text);
    }

    /**
     * Transforms this insert so that it applies after {@code other}. An insert at the same position
     * goes first on the left side and after the other one on the right side. Returns {@code null}
     * when the moved position would pass the maximum count, which the general path rejects.
     */
    List<Object> transformedAfter(TextInsert other, Side side) {
        boolean otherFirst = other.position < position || (other.position == position && side == Side.RIGHT);
        long moved = otherFirst ? position + CodePoints.countValid(other.text) : position;
        if (moved > TextOp.MAX_COUNT) {
            return null;
        }
        return moved == 0 ? List.of(text) : List.of(TextOpBuilder.toJsonNumber(moved), text);
    }
}
