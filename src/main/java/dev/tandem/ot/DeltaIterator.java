package dev.tandem.ot;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Delta front to back in pieces of a requested length, as quill-delta's {@code OpIterator}
 * does. Past the last component it returns an endless retain.
 *
 * <p>Unlike the reference it rejects a piece boundary between the two halves of a surrogate pair,
 * because such a split would store lone surrogates.
 */
final class DeltaIterator {

    private final List<DeltaOp> ops;
    /** Names the Delta in error messages, such as "snapshot" or "first op". */
    private final String label;
    private int index;
    /** Code units of the current component already taken. */
    private long offset;

    DeltaIterator(List<DeltaOp> ops, String label) {
        this.ops = ops;
        this.label = label;
    }

    boolean hasNext() {
        return peekLength() < DeltaOp.INFINITY;
    }

    long peekLength() {
        if (index < ops.size()) {
            return ops.get(index).length() - offset;
        }
        return DeltaOp.INFINITY;
    }

    /** Returns the kind of the next piece; past the end that is a retain. */
    DeltaOp.Kind peekKind() {
        return index < ops.size() ? ops.get(index).kind : DeltaOp.Kind.RETAIN;
    }

    /** Returns the current component without consuming it, or null at the end. */
    DeltaOp peek() {
        return index < ops.size() ? ops.get(index) : null;
    }

    /** Takes the rest of the current component. */
    DeltaOp next() {
        return next(DeltaOp.INFINITY);
    }

    /** Takes at most {@code max} code units (max > 0) without crossing a component boundary. */
    DeltaOp next(long max) {
        if (index >= ops.size()) {
            return DeltaOp.retain(DeltaOp.INFINITY, null);
        }
        DeltaOp op = ops.get(index);
        long start = offset;
        long remaining = op.length() - start;
        long length = max;
        if (max >= remaining) {
            length = remaining;
            index++;
            offset = 0;
        } else {
            offset += max;
        }
        if (start == 0 && length == op.length()) {
            return op;
        }
        return switch (op.kind) {
            case DELETE -> DeltaOp.delete(length);
            case RETAIN -> DeltaOp.retain(length, op.attributes);
            case INSERT -> textPiece(op, (int) start, (int) (start + length));
        };
    }

    private DeltaOp textPiece(DeltaOp op, int start, int end) {
        String text = op.text;
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))
                && Character.isLowSurrogate(text.charAt(end))) {
            int component = offset == 0 ? index - 1 : index;
            throw OtException.notApplicable("component " + component + " of the " + label
                    + ": a piece boundary at offset " + end
                    + " of the inserted text falls inside a surrogate pair");
        }
        return DeltaOp.insertText(text.substring(start, end), op.attributes);
    }

    /** Returns the remaining pieces without consuming them: the rest of the current component, then the others. */
    List<DeltaOp> rest() {
        if (!hasNext()) {
            return List.of();
        }
        if (offset == 0) {
            return ops.subList(index, ops.size());
        }
        int savedIndex = index;
        long savedOffset = offset;
        DeltaOp first = next();
        List<DeltaOp> result = new ArrayList<>(ops.size() - index + 1);
        result.add(first);
        result.addAll(ops.subList(index, ops.size()));
        index = savedIndex;
        offset = savedOffset;
        return result;
    }
}
