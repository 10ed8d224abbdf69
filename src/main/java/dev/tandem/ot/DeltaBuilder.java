package dev.tandem.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a Delta with the merging rules of quill-delta 5.1.0's {@code push}: adjacent deletes
 * merge, adjacent text inserts or retains with equal attributes merge, and an insert pushed right
 * after a delete goes before it.
 *
 * <p>Components are kept as they are pushed, and one becomes a mutable {@link Merged} only when
 * something merges into it. Merged text is collected in a {@link StringBuilder}, so pushing many
 * small pieces stays linear in the total length.
 */
final class DeltaBuilder {

    /** A component that others have merged into. */
    private static final class Merged {
        final DeltaOp.Kind kind;
        final FrozenJson.FrozenMap attributes;
        final StringBuilder text;
        long count;

        Merged(DeltaOp op) {
            this.kind = op.kind;
            this.attributes = op.attributes;
            this.text = op.isTextInsert() ? new StringBuilder(op.text) : null;
            this.count = op.count;
        }

        DeltaOp toOp() {
            return switch (kind) {
                case INSERT -> DeltaOp.insertText(text.toString(), attributes);
                case RETAIN -> DeltaOp.retain(count, attributes);
                case DELETE -> DeltaOp.delete(count);
            };
        }
    }

    /** Each item is a {@link DeltaOp}, or a {@link Merged} once something merged into it. */
    private final ArrayList<Object> ops = new ArrayList<>();

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
        if (index == 0) {
            ops.add(op);
            return true;
        }
        Object last = ops.get(index - 1);
        if (op.kind == DeltaOp.Kind.DELETE && kind(last) == DeltaOp.Kind.DELETE) {
            Merged merged = merged(index - 1);
            merged.count = addCounts(merged.count, op.count);
            return false;
        }
        // Inserting before or after a delete at one position is the same edit, and inserts go first.
        if (op.kind == DeltaOp.Kind.INSERT && kind(last) == DeltaOp.Kind.DELETE) {
            index--;
            if (index == 0) {
                ops.add(0, op);
                return false;
            }
            last = ops.get(index - 1);
        }
        if (DeltaAttributes.deepEquals(op.attributes, attributes(last))) {
            if (op.isTextInsert() && isTextInsert(last)) {
                merged(index - 1).text.append(op.text);
                return false;
            }
            if (op.kind == DeltaOp.Kind.RETAIN && kind(last) == DeltaOp.Kind.RETAIN) {
                Merged merged = merged(index - 1);
                merged.count = addCounts(merged.count, op.count);
                return false;
            }
        }
        if (index == ops.size()) {
            ops.add(op);
            return true;
        }
        ops.add(index, op);
        return false;
    }

    /** Appends {@code op} as is, without merging, as the reference does with a raw array push. */
    void appendRaw(DeltaOp op) {
        ops.add(op);
    }

    /** Pushes the first of {@code rest} and appends the others unmerged, as {@code Delta.concat} does. */
    void concat(List<DeltaOp> rest) {
        if (rest.isEmpty()) {
            return;
        }
        push(rest.get(0));
        ops.addAll(rest.subList(1, rest.size()));
    }

    /** Removes a last retain without attributes, as {@code Delta.chop} does. */
    DeltaBuilder chop() {
        if (!ops.isEmpty()) {
            Object last = ops.get(ops.size() - 1);
            if (kind(last) == DeltaOp.Kind.RETAIN && attributes(last) == null) {
                ops.remove(ops.size() - 1);
            }
        }
        return this;
    }

    List<DeltaOp> build() {
        List<DeltaOp> result = new ArrayList<>(ops.size());
        for (Object item : ops) {
            result.add(item instanceof Merged merged ? merged.toOp() : (DeltaOp) item);
        }
        return result;
    }

    /** Adds two counts, rejecting a sum that JavaScript could not represent exactly. */
    private static long addCounts(long a, long b) {
        long sum = a + b;
        if (sum > TextOp.MAX_COUNT) {
            throw OtException.badlyFormed("merged count " + sum + " is above the maximum 2^53");
        }
        return sum;
    }

    private Merged merged(int index) {
        Object item = ops.get(index);
        if (item instanceof Merged merged) {
            return merged;
        }
        Merged merged = new Merged((DeltaOp) item);
        ops.set(index, merged);
        return merged;
    }

    private static DeltaOp.Kind kind(Object item) {
        return item instanceof Merged merged ? merged.kind : ((DeltaOp) item).kind;
    }

    private static FrozenJson.FrozenMap attributes(Object item) {
        return item instanceof Merged merged ? merged.attributes : ((DeltaOp) item).attributes;
    }

    private static boolean isTextInsert(Object item) {
        return item instanceof Merged merged ? merged.text != null : ((DeltaOp) item).isTextInsert();
    }
}
