package dev.tandem.ot;

/**
 * Reads an op front to back in pieces of a requested length, as transform and compose consume it.
 *
 * <p>Past the last component the op behaves as an endless skip.
 */
final class TextOpCursor {

    /** Component kind that {@link #take} returns whole even when it is longer than requested. */
    enum Indivisible { INSERTS, DELETES }

    private final TextOp op;
    private int index;
    /** Code points of the current component already taken. */
    private long takenCodePoints;
    /** Char offset into the current component's text matching {@link #takenCodePoints}. */
    private int takenChars;

    TextOpCursor(TextOp op) {
        this.op = op;
    }

    /** Returns the kind of the component the next take starts in, or {@code null} at the end. */
    TextComponent.Kind peekKind() {
        return index < op.size() ? op.get(index).kind : null;
    }

    /** Takes the rest of the current component, or returns {@code null} at the end of the op. */
    TextComponent takeRest() {
        if (index == op.size()) {
            return null;
        }
        return rest(op.get(index));
    }

    /**
     * Takes at most {@code max} code points (max > 0) from the front, without crossing a component
     * boundary. A component of the {@code indivisible} kind is taken whole.
     */
    TextComponent take(long max, Indivisible indivisible) {
        if (index == op.size()) {
            return TextComponent.skip(max);
        }
        TextComponent current = op.get(index);
        long remaining = current.length - takenCodePoints;
        boolean whole = remaining <= max
                || (current.kind == TextComponent.Kind.INSERT && indivisible == Indivisible.INSERTS)
                || (current.kind == TextComponent.Kind.DELETE && indivisible == Indivisible.DELETES);
        if (whole) {
            return rest(current);
        }
        return split(current, max);
    }

    private TextComponent rest(TextComponent current) {
        TextComponent piece;
        if (takenCodePoints == 0) {
            piece = current;
        } else {
            long remaining = current.length - takenCodePoints;
            piece = switch (current.kind) {
                case SKIP -> TextComponent.skip(remaining);
                case INSERT -> TextComponent.insert(current.text.substring(takenChars), remaining);
                case DELETE -> current.text == null
                        ? TextComponent.deleteCount(remaining)
                        : TextComponent.deleteText(current.text.substring(takenChars), remaining);
            };
        }
        index++;
        takenCodePoints = 0;
        takenChars = 0;
        return piece;
    }

    private TextComponent split(TextComponent current, long length) {
        takenCodePoints += length;
        if (current.text == null) {
            return current.kind == TextComponent.Kind.SKIP
                    ? TextComponent.skip(length)
                    : TextComponent.deleteCount(length);
        }
        int start = takenChars;
        takenChars = CodePoints.advance(current.text, start, length);
        String part = current.text.substring(start, takenChars);
        return current.kind == TextComponent.Kind.INSERT
                ? TextComponent.insert(part, length)
                : TextComponent.deleteText(part, length);
    }
}
