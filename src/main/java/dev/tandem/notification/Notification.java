package dev.tandem.notification;

import io.vertx.core.json.JsonObject;

/**
 * One stored notification of one user. It names the document and the user who acted, never any
 * document content.
 *
 * @param id the inbox id, increasing with time; {@code 0} before the notification is stored
 * @param actor the user whose action caused it
 * @param version the version of the op that caused it, or {@code null} for a grant change
 * @param role the user's new role for grant changes, else {@code null}
 * @param previousRole the user's role before a grant change, else {@code null}
 * @param createdAtMillis when it was stored, in milliseconds since the epoch
 */
public record Notification(long id, String userId, NotificationKind kind, String collection, String docId,
        String actor, Long version, String role, String previousRole, long createdAtMillis, boolean read) {

    /** The JSON that the inbox API returns and the event-bus bridge pushes. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("id", id).put("kind", kind.wireName()).put("collection", collection)
                .put("docId", docId).put("actor", actor).put("createdAt", createdAtMillis).put("read", read);
        if (version != null) {
            json.put("version", version);
        }
        if (role != null) {
            json.put("role", role);
        }
        if (previousRole != null) {
            json.put("previousRole", previousRole);
        }
        return json;
    }
}
