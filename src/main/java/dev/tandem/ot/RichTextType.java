package dev.tandem.ot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The rich-text type: Quill documents and changes as Deltas, matching the npm package
 * {@code rich-text} 4.1.0 over {@code quill-delta} 5.1.0. (rich-text 4.1.0 declares quill-delta
 * ^4.2.1, and for the components accepted here 4.2.2 and 5.1.0 compute the same results.)
 *
 * <p>An op is a Delta, {@code {"ops": [...]}} or a bare list of components. Each component is one of
 * {@code {"insert": "text"}}, {@code {"insert": {"image": "..."}}} (an embed, length 1),
 * {@code {"retain": N}} and {@code {"delete": N}}. Inserts and retains may carry
 * {@code "attributes": {...}}, where a null value on a retain removes that attribute. Lengths count
 * UTF-16 code units, as Quill does. A snapshot is a Delta of inserts only, stored as
 * {@code {"ops": [...]}}. A presence is a Quill range {@code {"index": I, "length": L}}.
 *
 * <p>Where the reference is lenient this class rejects instead: retains and deletes of 0, negative
 * or fractional counts, unknown keys, empty inserts, non-object attributes, attributes on a delete,
 * embeds with other than one key, retains of embed objects, a retain or delete past the end of the
 * snapshot, and any op that would leave a lone surrogate (an inserted one, or a boundary between the
 * halves of a surrogate pair). Apply also drops null attribute values and empty attribute objects
 * of inserted text, which the reference would store in the snapshot. {@link #normalize} returns the canonical Delta, where the
 * reference returns its input unchanged.
 */
public final class RichTextType implements OtType {

    /** A bound larger than any document, for a shrink of unknown size. */
    private static final long MAX_DOCUMENT_SIZE = Long.MAX_VALUE / 4;

    @Override
    public String name() {
        return "rich-text";
    }

    @Override
    public String uri() {
        return "http://sharejs.org/types/rich-text/v1";
    }

    /** Returns the document given as a Delta of inserts, unchanged, or an empty document for null. */
    @Override
    public Object create(Object initialData) {
        if (initialData == null) {
            return DeltaParser.toJson(List.of());
        }
        DeltaParser.Parsed parsed = DeltaParser.parse(initialData, "initial data");
        requireDocument(parsed, "initial data");
        return DeltaParser.toJson(parsed.ops());
    }

    @Override
    public void checkOp(Object op) {
        DeltaParser.parse(op, "op");
    }

    @Override
    public Object apply(Object snapshot, Object op) {
        DeltaParser.Parsed document = parseSnapshot(snapshot);
        DeltaParser.Parsed delta = DeltaParser.parse(op, "op");
        DocumentBounds.check(document, delta.ops());
        return DeltaParser.toJson(DeltaAlgebra.compose(document.ops(), withCleanInsertAttributes(delta.ops())));
    }

    /**
     * Transforms {@code op} to apply after {@code otherOp}. With {@link Side#LEFT} (the reference's
     * 'left') {@code otherOp} keeps priority: its inserts at the same position come first and its
     * attributes win.
     */
    @Override
    public Object transform(Object op, Object otherOp, Side side) {
        Objects.requireNonNull(side, "side");
        DeltaParser.Parsed parsed = DeltaParser.parse(op, "op");
        DeltaParser.Parsed other = DeltaParser.parse(otherOp, "other op");
        return DeltaParser.toJson(DeltaAlgebra.transform(other.ops(), parsed.ops(), side == Side.LEFT));
    }

    @Override
    public Object compose(Object first, Object second) {
        DeltaParser.Parsed parsedFirst = DeltaParser.parse(first, "first op");
        DeltaParser.Parsed parsedSecond = DeltaParser.parse(second, "second op");
        return DeltaParser.toJson(DeltaAlgebra.compose(parsedFirst.ops(), parsedSecond.ops()));
    }

    /**
     * Returns the canonical Delta: the components pushed one by one through quill-delta's
     * {@code insert}, {@code retain} and {@code delete} (which merge neighbours, drop empty
     * attributes and put inserts before deletes), then a trailing plain retain chopped.
     */
    @Override
    public Object normalize(Object op) {
        DeltaParser.Parsed parsed = DeltaParser.parse(op, "op");
        DeltaBuilder builder = new DeltaBuilder();
        for (DeltaOp component : parsed.ops()) {
            switch (component.kind) {
                case INSERT -> builder.insert(component, component.attributes);
                case RETAIN -> builder.retain(component.count, component.attributes);
                case DELETE -> builder.delete(component.count);
            }
        }
        return DeltaParser.toJson(builder.chop().build());
    }

    /**
     * Returns at most 0 for an op of deletes and retains without attributes: removing text never
     * splits a run, and it may merge two runs into one. Any other op may copy a run's attributes
     * into each part that it splits, so its change is unknown and the result is null.
     */
    @Override
    public SizeChange sizeChange(Object op, ToLongFunction<Object> sizeOf) {
        for (DeltaOp component : DeltaParser.parse(op, "op").ops()) {
            if (component.kind == DeltaOp.Kind.INSERT
                    || (component.attributes != null && !component.attributes.isEmpty())) {
                return null;
            }
        }
        return new SizeChange(-MAX_DOCUMENT_SIZE, 0);
    }

    /** Returns whether {@code op} only retains without attributes, the only ops that never change a document. */
    @Override
    public boolean isNoop(Object op) {
        for (DeltaOp component : DeltaParser.parse(op, "op").ops()) {
            if (component.kind != DeltaOp.Kind.RETAIN
                    || (component.attributes != null && !component.attributes.isEmpty())) {
                return false;
            }
        }
        return true;
    }

    /** Returns quill-delta's {@code op.invert(snapshotBefore)}: deleted content comes back with its attributes. */
    @Override
    public Object invert(Object op, Object snapshotBefore) {
        DeltaParser.Parsed document = parseSnapshot(snapshotBefore);
        DeltaParser.Parsed delta = DeltaParser.parse(op, "op");
        DocumentBounds.check(document, delta.ops());
        return DeltaParser.toJson(DeltaAlgebra.invert(delta.ops(), document.ops()));
    }

    @Override
    public boolean supportsPresence() {
        return true;
    }

    /**
     * Moves a range {@code {"index", "length"}} across {@code op} as rich-text 4.1.0 does: both ends
     * move as cursors, and an insert exactly at an end pushes it only for the client's own op. Other
     * keys of the presence are kept, and a null presence stays null.
     */
    @Override
    public Object transformPresence(Object presence, Object op, boolean ownOp) {
        if (presence == null) {
            return null;
        }
        List<DeltaOp> ops = DeltaParser.parse(op, "op").ops();
        return RangePresence.transform(presence, name(),
                cursor -> DeltaAlgebra.transformPosition(ops, cursor, !ownOp));
    }

    private static DeltaParser.Parsed parseSnapshot(Object snapshot) {
        DeltaParser.Parsed parsed;
        try {
            parsed = DeltaParser.parse(snapshot, "snapshot");
        } catch (OtException e) {
            throw OtException.notApplicable("invalid rich-text snapshot: " + e.getMessage());
        }
        if (!parsed.insertsOnly()) {
            throw OtException.notApplicable("invalid rich-text snapshot: it must contain only inserts");
        }
        return parsed;
    }

    private static void requireDocument(DeltaParser.Parsed parsed, String what) {
        if (!parsed.insertsOnly()) {
            throw OtException.badlyFormed(what + " must be a document: a Delta of inserts only");
        }
        if (parsed.nullAttributeOnInsert()) {
            throw OtException.badlyFormed(what + " must not contain null attributes,"
                    + " because null only removes formatting in an op");
        }
    }

    /**
     * Returns {@code ops} with null attribute values and empty attribute objects removed from its
     * inserts, so that no snapshot stores them. Returns {@code ops} itself when nothing changes.
     */
    private static List<DeltaOp> withCleanInsertAttributes(List<DeltaOp> ops) {
        List<DeltaOp> result = null;
        for (int i = 0; i < ops.size(); i++) {
            DeltaOp op = ops.get(i);
            boolean unclean = op.isInsert() && op.attributes != null
                    && (op.hasNullAttribute || op.attributes.isEmpty());
            if (unclean && result == null) {
                result = new ArrayList<>(ops.subList(0, i));
            }
            if (unclean) {
                LinkedHashMap<String, Object> kept = new LinkedHashMap<>();
                for (Map.Entry<String, Object> entry : op.attributes.entrySet()) {
                    if (entry.getValue() != null) {
                        kept.put(entry.getKey(), entry.getValue());
                    }
                }
                op = op.withAttributes(kept.isEmpty() ? null : FrozenJson.ownMap(kept));
            }
            if (result != null) {
                result.add(op);
            }
        }
        return result == null ? ops : result;
    }
}
