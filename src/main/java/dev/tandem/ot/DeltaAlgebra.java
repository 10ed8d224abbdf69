package dev.tandem.ot;

import java.util.List;

/**
 * Compose, transform, invert and position transform of parsed Deltas, step for step as quill-delta
 * 5.1.0 computes them, so that results match the reference component by component.
 */
final class DeltaAlgebra {

    private DeltaAlgebra() {
    }

    /** Returns the Delta with the effect of {@code first} followed by {@code second}. */
    static List<DeltaOp> compose(List<DeltaOp> first, List<DeltaOp> second) {
        DeltaIterator firstIter = new DeltaIterator(first, "first op");
        DeltaIterator secondIter = new DeltaIterator(second, "second op");
        DeltaBuilder out = new DeltaBuilder();

        // A leading plain retain keeps the inserts it covers unchanged, so they are copied as is.
        DeltaOp leading = secondIter.peek();
        if (leading != null && leading.kind == DeltaOp.Kind.RETAIN && leading.attributes == null) {
            long left = leading.count;
            while (firstIter.peekKind() == DeltaOp.Kind.INSERT && firstIter.peekLength() <= left) {
                left -= firstIter.peekLength();
                out.appendRaw(firstIter.next());
            }
            if (leading.count - left > 0) {
                secondIter.next(leading.count - left);
            }
        }

        while (firstIter.hasNext() || secondIter.hasNext()) {
            if (secondIter.peekKind() == DeltaOp.Kind.INSERT) {
                out.push(secondIter.next());
            } else if (firstIter.peekKind() == DeltaOp.Kind.DELETE) {
                out.push(firstIter.next());
            } else {
                long length = Math.min(firstIter.peekLength(), secondIter.peekLength());
                DeltaOp firstOp = firstIter.next(length);
                DeltaOp secondOp = secondIter.next(length);
                if (secondOp.kind == DeltaOp.Kind.RETAIN) {
                    boolean onRetain = firstOp.kind == DeltaOp.Kind.RETAIN;
                    // Null attributes survive on a retain, where they still have to remove formatting.
                    FrozenJson.FrozenMap attributes =
                            DeltaAttributes.compose(firstOp.attributes, secondOp.attributes, onRetain);
                    DeltaOp composed = onRetain
                            ? DeltaOp.retain(length, attributes)
                            : firstOp.withAttributes(attributes);
                    boolean appended = out.push(composed);
                    // Once the second op is used up, the rest of the first op stays as it is.
                    if (!secondIter.hasNext() && appended) {
                        out.concat(firstIter.rest());
                        return out.chop().build();
                    }
                } else if (secondOp.kind == DeltaOp.Kind.DELETE && firstOp.kind == DeltaOp.Kind.RETAIN) {
                    out.push(secondOp);
                }
                // A delete of text the first op inserted cancels both.
            }
        }
        return out.chop().build();
    }

    /**
     * Transforms {@code op} so that it applies after {@code applied}. Both were made on the same
     * document. With {@code appliedFirst} the inserts of {@code applied} go before inserts of
     * {@code op} at the same position and its attributes win. This is quill-delta's
     * {@code applied.transform(op, priority)}.
     */
    static List<DeltaOp> transform(List<DeltaOp> applied, List<DeltaOp> op, boolean appliedFirst) {
        DeltaIterator appliedIter = new DeltaIterator(applied, "other op");
        DeltaIterator opIter = new DeltaIterator(op, "op");
        DeltaBuilder out = new DeltaBuilder();
        while (appliedIter.hasNext() || opIter.hasNext()) {
            if (appliedIter.peekKind() == DeltaOp.Kind.INSERT
                    && (appliedFirst || opIter.peekKind() != DeltaOp.Kind.INSERT)) {
                out.retain(appliedIter.next().length(), null);
            } else if (opIter.peekKind() == DeltaOp.Kind.INSERT) {
                out.push(opIter.next());
            } else {
                long length = Math.min(appliedIter.peekLength(), opIter.peekLength());
                DeltaOp appliedOp = appliedIter.next(length);
                DeltaOp opPiece = opIter.next(length);
                if (appliedOp.kind == DeltaOp.Kind.DELETE) {
                    // The text is gone: a delete of it is already done and a retain of it has nothing left.
                    continue;
                }
                if (opPiece.kind == DeltaOp.Kind.DELETE) {
                    out.push(opPiece);
                } else {
                    out.retain(length,
                            DeltaAttributes.transform(appliedOp.attributes, opPiece.attributes, appliedFirst));
                }
            }
        }
        return out.chop().build();
    }

    /**
     * Returns the Delta that undoes {@code op} on {@code base}, the document {@code op} was applied
     * to. The caller has checked that {@code op} fits {@code base}.
     */
    static List<DeltaOp> invert(List<DeltaOp> op, List<DeltaOp> base) {
        DeltaBuilder out = new DeltaBuilder();
        // The reference slices base from its start for every component. One forward iterator yields
        // the same pieces in linear time because positions only grow.
        DeltaIterator baseIter = new DeltaIterator(base, "snapshot");
        for (DeltaOp component : op) {
            switch (component.kind) {
                case INSERT -> out.delete(component.length());
                case RETAIN -> {
                    if (component.attributes == null) {
                        out.retain(component.count, null);
                        skip(baseIter, component.count);
                    } else {
                        long left = component.count;
                        while (left > 0 && baseIter.hasNext()) {
                            DeltaOp baseOp = baseIter.next(left);
                            left -= baseOp.length();
                            out.retain(baseOp.length(),
                                    DeltaAttributes.invert(component.attributes, baseOp.attributes));
                        }
                    }
                }
                case DELETE -> {
                    long left = component.count;
                    while (left > 0 && baseIter.hasNext()) {
                        DeltaOp baseOp = baseIter.next(left);
                        left -= baseOp.length();
                        out.push(baseOp);
                    }
                }
            }
        }
        return out.chop().build();
    }

    private static void skip(DeltaIterator iter, long length) {
        long left = length;
        while (left > 0 && iter.hasNext()) {
            left -= iter.next(left).length();
        }
    }

    /**
     * Moves a position across {@code op}. An insert exactly at the position moves it only without
     * {@code priority}. A delete around it moves it to the delete's start.
     */
    static long transformPosition(List<DeltaOp> op, long position, boolean priority) {
        DeltaIterator iter = new DeltaIterator(op, "op");
        long index = position;
        long offset = 0;
        while (iter.hasNext() && offset <= index) {
            long length = iter.peekLength();
            DeltaOp.Kind kind = iter.peekKind();
            iter.next();
            if (kind == DeltaOp.Kind.DELETE) {
                index -= Math.min(length, index - offset);
                continue;
            }
            if (kind == DeltaOp.Kind.INSERT && (offset < index || !priority)) {
                index += length;
            }
            offset += length;
        }
        return index;
    }
}
