package dev.tandem.document;

import dev.tandem.session.ErrorCode;
import dev.tandem.store.OpRecord;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The owner's reply to a submit, as event-bus JSON. On success: {@code v}, the version the op was
 * committed at; {@code ops}, the committed ops from the client's base version up to it, which the
 * client must see before its ack, or none if the request set {@code prior: false}; {@code op},
 * the committed form of the client's own op. On
 * failure: {@code error: {code, message}}, and nothing was stored. Or {@code redirect}: the sender
 * resolves the document's owner again and resends, as for a node that does not own the document.
 */
public final class SubmitReply {

    private SubmitReply() {
    }

    /**
     * The prior ops grow with the number of concurrent writers: on a document with N typists,
     * replies that carry them cost N² per second. Senders that get them from the document's feed
     * ask for none.
     */
    static JsonObject committed(OpRecord own, List<OpRecord> prior) {
        return new JsonObject().put("v", own.version()).put("ops", OpJson.toJson(prior)).put("op", OpJson.toJson(own));
    }

    /** Asks the sender to resolve the owner again and resend; {@code reason} is only logged. */
    static JsonObject resolveOwnerAgain(String reason) {
        return new JsonObject().put("redirect", reason);
    }

    public static JsonObject error(ErrorCode code, String message) {
        return new JsonObject().put("error", code.toJson(message));
    }
}
