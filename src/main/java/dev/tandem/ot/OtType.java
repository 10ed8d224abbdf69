package dev.tandem.ot;

import java.util.function.ToLongFunction;

/**
 * An operational-transformation type, with the semantics of its reference JavaScript package.
 *
 * <p>Snapshots and ops are plain JSON values: {@link String}, {@link Number}, {@link Boolean},
 * {@code null}, {@link java.util.List} and {@link java.util.Map} with {@link String} keys. The
 * methods never mutate their arguments, and a result may share unchanged parts with them (json0
 * copies only the containers an op changes, and only the changed chunks of a long list). So a
 * snapshot, once returned, keeps its value for as long as anyone keeps a reference to it, and callers may encode
 * or send it later without copying it first. In exchange, callers treat every value they pass or
 * receive as immutable: a list or map in a result may be unmodifiable, and one that is modifiable
 * may be shared with other snapshots. Every method is pure: no clock, no I/O.
 *
 * <p>Every method throws {@link OtException} for an op that is malformed or does not fit the
 * snapshot; no method returns a partly applied result.
 */
public interface OtType {

    /** Short name, such as {@code text-unicode}; clients may name the type by it. */
    String name();

    /** URI the ShareDB client sends in a create, such as {@code http://sharejs.org/types/text-unicode}. */
    String uri();

    /** Creates a snapshot from the initial data of a create op ({@code null} when none was sent). */
    Object create(Object initialData);

    /** Checks that {@code op} is well formed on its own, without a snapshot. */
    void checkOp(Object op);

    /** Applies {@code op} to {@code snapshot} and returns the new snapshot. */
    Object apply(Object snapshot, Object op);

    /**
     * Transforms {@code op} so that it applies after {@code otherOp}, where both were made on the same
     * snapshot. {@code side} breaks ties between inserts at the same position.
     */
    Object transform(Object op, Object otherOp, Side side);

    /** Composes two consecutive ops into one with the same effect as applying both in order. */
    Object compose(Object first, Object second);

    /** Returns the canonical form of {@code op}. */
    Object normalize(Object op);

    /** Returns whether applying {@code op} leaves every snapshot unchanged. */
    boolean isNoop(Object op);

    /**
     * Returns the op that undoes {@code op}. {@code snapshotBefore} is the snapshot {@code op} was
     * applied to; types whose ops do not carry what they delete (rich-text) need it, others ignore it.
     *
     * @throws UnsupportedOperationException when the type has no invert
     */
    default Object invert(Object op, Object snapshotBefore) {
        throw new UnsupportedOperationException(name() + " does not support invert");
    }

    /**
     * The lower and upper bounds of the change in a snapshot's size that applying an op makes,
     * whatever snapshot it applies to.
     */
    record SizeChange(long min, long max) {
        public static final SizeChange NONE = new SizeChange(0, 0);

        public SizeChange plus(SizeChange other) {
            return new SizeChange(min + other.min, max + other.max);
        }
    }

    /**
     * Returns the least and the most by which applying {@code op} changes the size of the snapshot
     * it applies to, as {@code sizeOf} measures JSON values. Sizes follow the JSON encoding: each
     * string counts its bytes, each list item and object entry a constant more than its value.
     * A server can then bound a document's size from the ops applied to it, without walking the
     * snapshot after each op. Returns null when the op alone cannot tell, as for rich-text, where a
     * short op can copy long attributes into each part of a run that it splits.
     */
    default SizeChange sizeChange(Object op, ToLongFunction<Object> sizeOf) {
        return null;
    }

    /** Returns whether {@link #transformPresence} is implemented. */
    default boolean supportsPresence() {
        return false;
    }

    /**
     * Moves a presence value (a cursor or selection in this type's units) across {@code op}.
     * {@code ownOp} is true when the op was made by the same client as the presence, which decides
     * ties at the cursor as the reference packages do.
     *
     * @throws UnsupportedOperationException when {@link #supportsPresence()} is false
     */
    default Object transformPresence(Object presence, Object op, boolean ownOp) {
        throw new UnsupportedOperationException(name() + " does not support presence");
    }
}
