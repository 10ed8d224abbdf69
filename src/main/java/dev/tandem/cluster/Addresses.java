package dev.tandem.cluster;

/** Every event-bus address Tandem uses; all are namespaced {@code tandem.}. */
public final class Addresses {

    private Addresses() {
    }

    /** Requests to the document verticle of one node: submits and latest-snapshot fetches. */
    public static String documents(String nodeId) {
        return "tandem.node." + nodeId + ".documents";
    }

    /** Committed ops of one document, published in version order by its sequencer. */
    public static String documentOps(String collection, String docId) {
        return "tandem.doc." + collection + "/" + docId;
    }

    /** Presence messages of one ShareDB presence channel, such as {@code notes.n1} for a document. */
    public static String presence(String channel) {
        return "tandem.presence." + channel;
    }

    /** Prefix of the per-user notification addresses, which browsers receive through the event-bus bridge. */
    public static final String USER_NOTIFICATIONS_PREFIX = "tandem.notify.";

    /** Notifications of one user, published cluster-wide so that every node with a bridge socket of the user delivers them. */
    public static String userNotifications(String userId) {
        return USER_NOTIFICATIONS_PREFIX + userId;
    }

    /**
     * Events that may notify someone (a committed op, a grant change), sent with local-only delivery to
     * the notification verticle of the node where they happened.
     */
    public static final String NOTIFICATION_EVENTS = "tandem.notification.events";
}
