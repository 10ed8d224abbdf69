package dev.tandem.session;

import dev.tandem.document.DocumentClient;
import dev.tandem.document.DocumentHistory;
import dev.tandem.ot.TypeRegistry;

/** What every {@link Agent} of a session verticle shares. */
record SessionContext(
        DocumentClient documents,
        DocumentHistory history,
        DocumentFeeds feeds,
        TypeRegistry types,
        MessageParser parser,
        int maxSubscriptions) {
}
