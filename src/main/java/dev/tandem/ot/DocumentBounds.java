package dev.tandem.ot;

import java.util.List;

/**
 * Checks that a rich-text op fits a document: no retain or delete runs past its end, and no
 * component boundary or insert falls between the two halves of a surrogate pair.
 *
 * <p>The reference treats a Delta as followed by an endless retain, so it would store a retain or a
 * delete in the snapshot instead of rejecting the op.
 */
final class DocumentBounds {

    private final List<DeltaOp> document;
    /** Index of the document component that contains the last checked position. */
    private int segment;
    /** Start position of {@link #segment} in the document. */
    private long segmentStart;

    private DocumentBounds(List<DeltaOp> document) {
        this.document = document;
    }

    /**
     * Throws {@link OtException#notApplicable} naming the first component of {@code op} that does
     * not fit {@code document}. Runs in one pass over both.
     */
    static void check(DeltaParser.Parsed document, List<DeltaOp> op) {
        DocumentBounds bounds = new DocumentBounds(document.ops());
        long length = document.insertLength();
        long position = 0;
        for (int i = 0; i < op.size(); i++) {
            DeltaOp component = op.get(i);
            if (component.isInsert()) {
                bounds.requireBoundary(position, i, "an insert at position ");
                continue;
            }
            String kind = component.kind == DeltaOp.Kind.RETAIN ? "retain" : "delete";
            long end = position + component.count;
            if (end > length) {
                throw OtException.notApplicable("component " + i + " of the op: " + kind + " of "
                        + component.count + " at position " + position
                        + " runs past the end of the document (length " + length + ")");
            }
            position = end;
            bounds.requireBoundary(position, i, component.kind == DeltaOp.Kind.RETAIN
                    ? "the retain ending at position " : "the delete ending at position ");
        }
    }

    /** Moves forward to {@code position} (never backward) and rejects it if it splits a surrogate pair. */
    private void requireBoundary(long position, int component, String boundaryAtPosition) {
        while (segment < document.size() && segmentStart + document.get(segment).length() <= position) {
            segmentStart += document.get(segment).length();
            segment++;
        }
        if (segment == document.size() || position == segmentStart) {
            return;
        }
        String text = document.get(segment).text;
        int offset = (int) (position - segmentStart);
        if (text != null && Character.isHighSurrogate(text.charAt(offset - 1))
                && Character.isLowSurrogate(text.charAt(offset))) {
            throw OtException.notApplicable("component " + component + " of the op: " + boundaryAtPosition + position
                    + " falls between the two halves of a surrogate pair, which would leave lone surrogates");
        }
    }
}
