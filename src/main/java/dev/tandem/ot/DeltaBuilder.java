package dev.tandem.ot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Builds a Delta with the merging rules of quill-delta 5.1.0's {@code push}: adjacent deletes
 * merge, adjacent text inserts or retains with equal attributes merge, and an insert pushed right
 * after a delete goes before it.
 *
 * <p>Merged text is collected in a {@link StringBuilder}, so pushing many small pieces stays linear
 * in the total length.
 */
final class DeltaBuilder {

    /** A component under construction; {@code source} is set while it is unchanged from a pushed one. */
    private static final class Entry {
        final DeltaOp.Kind kind;
        DeltaOp source;
        StringBuilder mergedText;
        long count;
        FrozenJson.FrozenMap attributes;

        Entry(DeltaOp op) {
            this.kind = op.kind;
            this.source = op;
            this.count = op.count;
            this.attributes = op.attributes;
        }

        boolean isTextInsert() {
            return kind == DeltaOp.Kind.INSERT && (mergedText != null || source.isTextInsert());
        }

        void appendText(String text) {
            if (mergedText == null) {
                mergedText = new StringBuilder(source.text.length() + text.length() + 16);
                mergedText.append(source.text);
            }
            mergedText.append(text);
            source = null;
        }

        DeltaOp toOp() {
            if (source != null) {
                return source;
            }
            return switch (kind) {
                case INSERT -> DeltaOp.insertText(mergedText.toString(), attributes);
                case RETAIN -> DeltaOp.retain(count, attributes);
                case DELETE -> DeltaOp.delete(count);
            };
        }
    }

    private final ArrayList<Entry> ops = new ArrayList<>();

    /** Appends an insert, dropping empty text and empty attributes as {@code Delta.insert} does. */
    void insert(DeltaOp insert, FrozenJson.FrozenMap attributes) {
        if (insert.isTextInsert() && insert.text.isEmpty()) {
            return;
        }
        push(insert.withAttributes(attributes == null || attributes.isEmpty() ? null : attributes));
    }

    /** Appends a retain, dropping a count of 0 and empty attributes as {@code Delta.retain} does. */
    void retain(long count, FrozenJson.FrozenMap attributes) {
        if (count <= 0) {
            return;
        }
        push(DeltaOp.retain(count, attributes == null || attributes.isEmpty() ? null : attributes));
    }

    void delete(long count) {
        if (count <= 0) {
            return;
        }
        push(DeltaOp.delete(count));
    }

    /**
     * Pushes {@code op} with the merge rules. Returns true when it became a new last component, which
     * is what the reference's compose tests before it copies the rest of the first delta unchanged.
     */
    boolean push(DeltaOp op) {
        int index = ops.size();
        Entry last = index > 0 ? ops.get(index - 1) : null;
        if (last != null) {
            if (op.kind == DeltaOp.Kind.DELETE && last.kind == DeltaOp.Kind.DELETE) {
                last.count += op.count;
                last.source = null;
                return false;
            }
            // Inserting before or after a delete at one position is the same edit; inserts go first.
            if (last.kind == DeltaOp.Kind.DELETE && op.kind == DeltaOp.Kind.INSERT) {
                index--;
                if (index == 0) {
                    ops.add(0, new Entry(op));
                    return false;
                }
                last = ops.get(index - 1);
            }
            if (DeltaAttributes.deepEquals(op.attributes, last.attributes)) {
                if (op.isTextInsert() && last.isTextInsert()) {
                    last.appendText(op.text);
                    return false;
                }
                if (op.kind == DeltaOp.Kind.RETAIN && last.kind == DeltaOp.Kind.RETAIN) {
                    last.count += op.count;
                    last.source = null;
                    return false;
                }
            }
        }
        if (index == ops.size()) {
            ops.add(new Entry(op));
            return true;
        }
        ops.add(index, new Entry(op));
        return false;
    }

    /** Appends {@code op} as is, without merging, as the reference does with a raw array push. */
    void appendRaw(DeltaOp op) {
        ops.add(new Entry(op));
    }

    /** Pushes the first of {@code rest} and appends the others unmerged, as {@code Delta.concat} does. */
    void concat(List<DeltaOp> rest) {
        if (rest.isEmpty()) {
            return;
        }
        push(rest.get(0));
        for (int i = 1; i < rest.size(); i++) {
            ops.add(new Entry(rest.get(i)));
        }
    }

    /** Removes a last retain without attributes, as {@code Delta.chop} does. */
    DeltaBuilder chop() {
        if (!ops.isEmpty()) {
            Entry last = ops.get(ops.size() - 1);
            if (last.kind == DeltaOp.Kind.RETAIN && last.attributes == null) {
                ops.remove(ops.size() - 1);
            }
        }
        return this;
    }

    List<DeltaOp> build() {
        List<DeltaOp> result = new ArrayList<>(ops.size());
        for (Entry entry : ops) {
            result.add(entry.toOp());
        }
        return result;
    }

    /** Returns the JSON form {@code {"ops": [...]}} of a list of components. */
    static FrozenJson.FrozenMap toJson(List<DeltaOp> components) {
        List<Object> items = new ArrayList<>(components.size());
        for (DeltaOp op : components) {
            items.add(op.toJson());
        }
        FrozenJson.FrozenList list = FrozenJson.ownList(items);
        LinkedHashMap<String, Object> entries = new LinkedHashMap<>(2);
        entries.put("ops", list);
        return FrozenJson.ownMap(entries);
    }
}
