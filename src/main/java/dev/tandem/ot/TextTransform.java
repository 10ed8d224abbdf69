package dev.tandem.ot;

/** Transform and compose of parsed text-unicode ops, with the component-level rules of the reference. */
final class TextTransform {

    private TextTransform() {
    }

    /** Transforms {@code op} so that it applies after {@code other}; both start from the same snapshot. */
    static Object transform(TextOp op, TextOp other, Side side) {
        TextOpBuilder out = new TextOpBuilder();
        TextOpCursor cursor = new TextOpCursor(op);
        for (TextComponent otherComponent : other.components) {
            switch (otherComponent.kind) {
                case SKIP -> {
                    long length = otherComponent.length;
                    while (length > 0) {
                        TextComponent piece = cursor.take(length, TextOpCursor.Indivisible.INSERTS);
                        out.append(piece);
                        if (piece.kind != TextComponent.Kind.INSERT) {
                            length -= piece.length;
                        }
                    }
                }
                case INSERT -> {
                    // On the left side one insert of op at this position goes before the other
                    // insert. Only one component moves, so a second adjacent insert lands after it.
                    // NOTE: as in ot-text-unicode 4.0.0, an op with adjacent inserts therefore does
                    // not converge when transformed on the left. Normalized ops converge.
                    if (side == Side.LEFT && cursor.peekKind() == TextComponent.Kind.INSERT) {
                        out.append(cursor.takeRest());
                    }
                    out.appendSkip(otherComponent.length);
                }
                case DELETE -> {
                    long length = otherComponent.length;
                    while (length > 0) {
                        TextComponent piece = cursor.take(length, TextOpCursor.Indivisible.INSERTS);
                        if (piece.kind == TextComponent.Kind.INSERT) {
                            out.append(piece);
                        } else {
                            // A skip over deleted text vanishes, and a delete of it is already done.
                            length -= piece.length;
                        }
                    }
                }
            }
        }
        appendRest(cursor, out);
        return out.build();
    }

    /** Composes two consecutive ops into one. */
    static Object compose(TextOp first, TextOp second) {
        TextOpBuilder out = new TextOpBuilder();
        TextOpCursor cursor = new TextOpCursor(first);
        for (TextComponent component : second.components) {
            switch (component.kind) {
                case SKIP -> {
                    long length = component.length;
                    while (length > 0) {
                        TextComponent piece = cursor.take(length, TextOpCursor.Indivisible.DELETES);
                        out.append(piece);
                        if (piece.kind != TextComponent.Kind.DELETE) {
                            length -= piece.length;
                        }
                    }
                }
                case INSERT -> out.append(component);
                case DELETE -> composeDelete(component, cursor, out);
            }
        }
        appendRest(cursor, out);
        return out.build();
    }

    /**
     * Runs a delete of the second op over the first op: text the first op inserted simply
     * disappears, and text it skipped becomes a delete of the matching slice.
     */
    private static void composeDelete(TextComponent delete, TextOpCursor cursor, TextOpBuilder out) {
        long length = delete.length;
        long offset = 0;
        int charOffset = 0;
        while (offset < length) {
            TextComponent piece = cursor.take(length - offset, TextOpCursor.Indivisible.DELETES);
            switch (piece.kind) {
                case SKIP -> {
                    if (delete.text == null) {
                        out.appendDelete(null, piece.length);
                    } else {
                        int end = CodePoints.advance(delete.text, charOffset, piece.length);
                        out.appendDelete(delete.text.substring(charOffset, end), piece.length);
                        charOffset = end;
                    }
                    offset += piece.length;
                }
                case INSERT -> {
                    if (delete.text != null) {
                        charOffset = CodePoints.advance(delete.text, charOffset, piece.length);
                    }
                    offset += piece.length;
                }
                case DELETE -> out.append(piece);
            }
        }
    }

    private static void appendRest(TextOpCursor cursor, TextOpBuilder out) {
        TextComponent rest;
        while ((rest = cursor.takeRest()) != null) {
            out.append(rest);
        }
    }
}
