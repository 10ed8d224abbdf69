package dev.tandem.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * The string edits of json0: an {@code si} or {@code sd} component seen as one text0 edit at a UTF-16
 * offset. ot-json0 1.1.0 converts si and sd to its bundled text0 type to transform and compose them,
 * and these methods reproduce that type's rules.
 */
final class Json0Text {

    /** One text0 edit: {@code insert} or {@code delete} (the other is null) at {@code offset}. */
    record Edit(int offset, String insert, String delete) {

        static Edit of(Json0Component c) {
            return new Edit((Integer) c.last(), c.si, c.sd);
        }

        String text() {
            return insert != null ? insert : delete;
        }

        /** Returns a copy of {@code c} that makes this edit on the same string. */
        Json0Component toComponent(Json0Component c) {
            Json0Component result = c.copy();
            result.path.set(result.path.size() - 1, offset);
            result.si = insert;
            result.sd = delete;
            return result;
        }
    }

    private Json0Text() {
    }

    /** Appends {@code edit} to {@code edits}, merging it into the last edit where text0 does. */
    static void append(List<Edit> edits, Edit edit) {
        if (edit.text().isEmpty()) {
            return;
        }
        if (edits.isEmpty()) {
            edits.add(edit);
            return;
        }
        Edit last = edits.get(edits.size() - 1);
        if (last.insert != null && edit.insert != null
                && last.offset <= edit.offset && edit.offset <= last.offset + last.insert.length()) {
            String merged = inject(last.insert, edit.offset - last.offset, edit.insert);
            edits.set(edits.size() - 1, new Edit(last.offset, merged, null));
        } else if (last.delete != null && edit.delete != null
                && edit.offset <= last.offset && last.offset <= edit.offset + edit.delete.length()) {
            String merged = inject(edit.delete, last.offset - edit.offset, last.delete);
            edits.set(edits.size() - 1, new Edit(edit.offset, null, merged));
        } else {
            edits.add(edit);
        }
    }

    /** Returns the edits with the effect of {@code first} then {@code second}: one edit or both. */
    static List<Edit> compose(Edit first, Edit second) {
        List<Edit> edits = new ArrayList<>(2);
        edits.add(first);
        append(edits, second);
        return edits;
    }

    /**
     * Transforms {@code edit} to apply after {@code other}; both were made on the same string. Returns
     * no edit when {@code other} already deleted everything {@code edit} deletes, and two when an
     * insert splits a delete.
     */
    static List<Edit> transform(Edit edit, Edit other, Side side) {
        List<Edit> result = new ArrayList<>(2);
        if (edit.insert != null) {
            append(result, new Edit(transformOffset(edit.offset, other, side == Side.RIGHT), edit.insert, null));
            return result;
        }

        String deleted = edit.delete;
        int start = edit.offset;
        if (other.insert != null) {
            if (start < other.offset) {
                int split = Math.min(other.offset - start, deleted.length());
                append(result, new Edit(start, null, deleted.substring(0, split)));
                deleted = deleted.substring(split);
            }
            append(result, new Edit(start + other.insert.length(), null, deleted));
            return result;
        }

        int otherEnd = other.offset + other.delete.length();
        if (start >= otherEnd) {
            append(result, new Edit(start - other.delete.length(), null, deleted));
            return result;
        }
        if (start + deleted.length() <= other.offset) {
            append(result, edit);
            return result;
        }

        checkOverlapMatches(edit, other);
        StringBuilder remaining = new StringBuilder();
        if (start < other.offset) {
            remaining.append(deleted, 0, other.offset - start);
        }
        if (start + deleted.length() > otherEnd) {
            remaining.append(deleted, otherEnd - start, deleted.length());
        }
        append(result, new Edit(transformOffset(start, other, false), null, remaining.toString()));
        return result;
    }

    /** Rejects two deletes of one string region whose texts differ, which no single document allows. */
    private static void checkOverlapMatches(Edit edit, Edit other) {
        int from = Math.max(edit.offset, other.offset);
        int to = Math.min(edit.offset + edit.delete.length(), other.offset + other.delete.length());
        String mine = edit.delete.substring(from - edit.offset, to - edit.offset);
        String theirs = other.delete.substring(from - other.offset, to - other.offset);
        if (!mine.equals(theirs)) {
            throw OtException.notApplicable("two sd components delete different text in the same region of a string: "
                    + JsonValues.describe(mine) + " and " + JsonValues.describe(theirs));
        }
    }

    /**
     * Moves a string offset across {@code other}. An insert at the same offset pushes it only when
     * {@code insertAfter}; an offset inside a deleted range moves to the start of that range.
     */
    static int transformOffset(int offset, Edit other, boolean insertAfter) {
        if (other.insert != null) {
            boolean before = other.offset < offset || (other.offset == offset && insertAfter);
            return before ? offset + other.insert.length() : offset;
        }
        if (offset <= other.offset) {
            return offset;
        }
        if (offset <= other.offset + other.delete.length()) {
            return other.offset;
        }
        return offset - other.delete.length();
    }

    private static String inject(String text, int at, String inserted) {
        return text.substring(0, at) + inserted + text.substring(at);
    }
}
