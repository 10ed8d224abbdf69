package dev.tandem.ot;

import java.util.function.ToLongFunction;

import java.util.List;
import java.util.Objects;

/**
 * The text-unicode type: plain text whose ops count Unicode code points, matching the npm package
 * {@code ot-text-unicode} 4.0.0.
 *
 * <p>An op is a list of components: a positive integer skips that many code points, a non-empty
 * string inserts it, and {@code {"d": N}} or {@code {"d": "text"}} deletes N code points or exactly
 * that text. Snapshots are {@link String}s.
 *
 * <p>Where the reference is lenient this class rejects instead: a skip or delete past the end of the
 * document, delete text that differs from the document, lone surrogates, fractional counts, counts
 * above 2^53, and delete objects with keys other than {@code d}.
 */
public final class TextUnicodeType implements OtType {

    @Override
    public String name() {
        return "text-unicode";
    }

    @Override
    public String uri() {
        return "http://sharejs.org/types/text-unicode";
    }

    @Override
    public Object create(Object initialData) {
        if (initialData == null) {
            return "";
        }
        if (!(initialData instanceof String text)) {
            throw OtException.badlyFormed("initial data must be a string, got "
                    + initialData.getClass().getSimpleName());
        }
        int lone = CodePoints.findLoneSurrogate(text);
        if (lone >= 0) {
            throw OtException.badlyFormed(
                    "initial data is invalid UTF-16: lone surrogate at index " + lone);
        }
        return text;
    }

    @Override
    public void checkOp(Object op) {
        TextOp.parse(op, TextOp.Rules.STRICT);
    }

    @Override
    public Object apply(Object snapshot, Object op) {
        if (!(snapshot instanceof String document)) {
            throw OtException.notApplicable("text-unicode snapshot must be a string, got "
                    + (snapshot == null ? "null" : snapshot.getClass().getSimpleName()));
        }
        TextOp parsed = TextOp.parse(op, TextOp.Rules.STRICT);
        long capacity = document.length() + parsed.insertedChars;
        StringBuilder result = new StringBuilder((int) Math.min(capacity, Integer.MAX_VALUE - 8));
        int charPosition = 0;
        long position = 0;
        for (int i = 0; i < parsed.size(); i++) {
            TextComponent component = parsed.get(i);
            switch (component.kind) {
                case SKIP -> {
                    int end = endOfRange(document, charPosition, position, component, i);
                    result.append(document, charPosition, end);
                    charPosition = end;
                    position += component.length;
                }
                case INSERT -> result.append(component.text);
                case DELETE -> {
                    int end = endOfRange(document, charPosition, position, component, i);
                    if (component.text != null
                            && !document.regionMatches(charPosition, component.text, 0, component.text.length())) {
                        throw OtException.notApplicable("component " + i + ": delete text does not match the document at"
                                + " position " + position + "; the op was made for a different version of the document");
                    }
                    charPosition = end;
                    position += component.length;
                }
            }
        }
        result.append(document, charPosition, document.length());
        return result.toString();
    }

    /** Returns the char index where a skip or delete starting at {@code charPosition} ends. */
    private static int endOfRange(String document, int charPosition, long position, TextComponent component,
            int index) {
        int end = CodePoints.advance(document, charPosition, component.length);
        if (end < 0) {
            String kind = component.kind == TextComponent.Kind.SKIP ? "skip" : "delete";
            throw OtException.notApplicable("component " + index + ": " + kind + " of " + component.length
                    + " code points at position " + position + " runs past the end of the document (length "
                    + CodePoints.count(document) + " code points)");
        }
        return end;
    }

    @Override
    public Object transform(Object op, Object otherOp, Side side) {
        Objects.requireNonNull(side, "side");
        TextInsert insert = TextInsert.of(op);
        TextInsert otherInsert = insert == null ? null : TextInsert.of(otherOp);
        List<Object> transformed = otherInsert == null ? null : insert.transformedAfter(otherInsert, side);
        if (transformed != null) {
            return transformed;
        }
        TextOp parsed = TextOp.parse(op, TextOp.Rules.STRICT);
        TextOp other = TextOp.parse(otherOp, TextOp.Rules.STRICT);
        return TextTransform.transform(parsed, other, side);
    }

    @Override
    public Object compose(Object first, Object second) {
        TextOp parsedFirst = TextOp.parse(first, TextOp.Rules.STRICT);
        TextOp parsedSecond = TextOp.parse(second, TextOp.Rules.STRICT);
        return TextTransform.compose(parsedFirst, parsedSecond);
    }

    /**
     * Returns the canonical form: adjacent components of one kind merged, empty components and a
     * trailing skip dropped. Also accepts those shapes that {@link #checkOp} rejects.
     */
    @Override
    public Object normalize(Object op) {
        TextOp parsed = TextOp.parse(op, TextOp.Rules.NORMALIZABLE);
        TextOpBuilder builder = new TextOpBuilder();
        for (TextComponent component : parsed.components) {
            builder.append(component);
        }
        return builder.build();
    }

    /** Returns whether {@code op} is empty, the only valid op that changes nothing. */
    /**
     * Returns the inserted bytes less the deleted ones. A delete given as a count of code points
     * removes 1 to 4 bytes for each, so it widens the range.
     */
    @Override
    public SizeChange sizeChange(Object op, ToLongFunction<Object> sizeOf) {
        long min = 0;
        long max = 0;
        for (TextComponent c : TextOp.parse(op, TextOp.Rules.NORMALIZABLE).components) {
            if (c.kind == TextComponent.Kind.INSERT) {
                long bytes = sizeOf.applyAsLong(c.text);
                min += bytes;
                max += bytes;
            } else if (c.kind == TextComponent.Kind.DELETE && c.text != null) {
                long bytes = sizeOf.applyAsLong(c.text);
                min -= bytes;
                max -= bytes;
            } else if (c.kind == TextComponent.Kind.DELETE) {
                min -= 4 * c.length;
                max -= c.length;
            }
        }
        return new SizeChange(min, max);
    }

    @Override
    public boolean isNoop(Object op) {
        checkOp(op);
        return ((List<?>) op).isEmpty();
    }

    @Override
    public boolean supportsPresence() {
        return true;
    }

    /**
     * Moves a range {@code {"index", "length"}} in code points across {@code op}, with rich-text's
     * convention: both ends move as cursors, and an insert exactly at an end pushes it only for the
     * client's own op. Other keys of the presence are kept, and a null presence stays null.
     */
    @Override
    public Object transformPresence(Object presence, Object op, boolean ownOp) {
        if (presence == null) {
            return null;
        }
        TextOp parsed = TextOp.parse(op, TextOp.Rules.STRICT);
        return RangePresence.transform(presence, name(), cursor -> transformCursor(parsed, cursor, !ownOp));
    }

    /**
     * Moves a cursor across {@code op}. An insert exactly at the cursor moves it only without
     * {@code priority}. A delete around it moves it to the delete's start.
     */
    private static long transformCursor(TextOp op, long cursor, boolean priority) {
        long position = cursor;
        long offset = 0;
        for (TextComponent component : op.components) {
            if (offset > position) {
                break;
            }
            switch (component.kind) {
                case SKIP -> offset += component.length;
                case INSERT -> {
                    if (offset < position || !priority) {
                        position += component.length;
                    }
                    offset += component.length;
                }
                case DELETE -> position -= Math.min(component.length, position - offset);
            }
        }
        return position;
    }
}
