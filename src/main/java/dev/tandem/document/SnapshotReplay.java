package dev.tandem.document;

import dev.tandem.ot.OtException;
import dev.tandem.ot.OtType;
import dev.tandem.ot.TypeRegistry;
import dev.tandem.store.OpRecord;
import dev.tandem.store.Snapshot;
import java.util.List;

/**
 * Rebuilds snapshots from committed ops, for loading a document and for time travel. The ops were
 * validated when they were committed, so a failure here means the stored history is corrupt or
 * names a type this node does not know.
 */
public final class SnapshotReplay {

    private final TypeRegistry types;

    public SnapshotReplay(TypeRegistry types) {
        this.types = types;
    }

    /** Applies {@code ops}, which must start at the snapshot's version and be consecutive. */
    public Snapshot replay(Snapshot start, List<OpRecord> ops) {
        Snapshot current = start;
        for (OpRecord op : ops) {
            current = apply(current, op);
        }
        return current;
    }

    public Snapshot apply(Snapshot snapshot, OpRecord op) {
        if (op.version() != snapshot.version()) {
            throw new IllegalStateException("op log gap in " + op.collection() + "/" + op.docId() + ": snapshot at v"
                    + snapshot.version() + " but next op is v" + op.version());
        }
        long next = op.version() + 1;
        switch (op.kind()) {
            case CREATE -> {
                OtType type = type(op.createType());
                return new Snapshot(op.collection(), op.docId(), next, type.uri(), type.create(op.body()), op.timestampMillis());
            }
            case DELETE -> {
                return new Snapshot(op.collection(), op.docId(), next, null, null, op.timestampMillis());
            }
            default -> {
                if (snapshot.typeUri() == null) {
                    throw new IllegalStateException("stored edit at v" + op.version() + " of " + op.collection() + "/"
                            + op.docId() + " applies to a document that does not exist");
                }
                OtType type = type(snapshot.typeUri());
                try {
                    return new Snapshot(op.collection(), op.docId(), next, snapshot.typeUri(),
                            type.apply(snapshot.data(), op.body()), op.timestampMillis());
                } catch (OtException e) {
                    throw new IllegalStateException("stored op v" + op.version() + " of " + op.collection() + "/"
                            + op.docId() + " does not apply: " + e.getMessage(), e);
                }
            }
        }
    }

    private OtType type(String uri) {
        return types.find(uri).orElseThrow(() -> new IllegalStateException("stored history names unknown type " + uri));
    }
}
