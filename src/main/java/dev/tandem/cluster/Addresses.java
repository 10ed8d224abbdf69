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
}
