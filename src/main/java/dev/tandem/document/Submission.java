package dev.tandem.document;

import dev.tandem.store.OpKind;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

/**
 * One op submitted by a client and waiting for its sequencer. {@code baseVersion} is the version
 * the client made the op on, or {@code null} for a create that applies to whatever is current.
 * {@code body} is the edit op or the create's initial data, as plain JSON values.
 * {@code priorOpsNeeded} is false when the sender gets the ops committed before this one from the
 * document's feed, so that the reply leaves them out. The reply completes with {@link SubmitReply}
 * JSON.
 */
record Submission(
        String collection,
        String docId,
        Long baseVersion,
        OpKind kind,
        String createType,
        Object body,
        String src,
        long seq,
        String userId,
        long deadlineMillis,
        boolean priorOpsNeeded,
        Promise<JsonObject> reply) {
}
