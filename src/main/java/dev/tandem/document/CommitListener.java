package dev.tandem.document;

import dev.tandem.store.OpRecord;
import dev.tandem.store.Snapshot;

/**
 * Learns of each op that a {@link Sequencer} committed, once, on the document's owner: after its row
 * is stored and before it is published, in version order. Ops that are only read again (a reload, a
 * catch-up read, an acknowledged resend) are not passed here.
 *
 * <p>Called on the document verticle's event loop, which serves every document of the node, so an
 * implementation must return quickly and must not block.
 */
public interface CommitListener {

    /**
     * @param op the committed op, transformed to the version it was applied to
     * @param before the document before the op
     * @param after the document after the op
     */
    void committed(OpRecord op, Snapshot before, Snapshot after);
}
