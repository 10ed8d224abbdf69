package dev.tandem.session;

import dev.tandem.document.DocumentClient;
import dev.tandem.document.DocumentHistory;
import dev.tandem.ot.TypeRegistry;
import dev.tandem.presence.PresenceChannels;
import dev.tandem.presence.PresenceTransformer;

/** The services shared by every {@link Agent} of a session verticle. */
record SessionContext(
        DocumentClient documents,
        DocumentHistory history,
        DocumentFeeds feeds,
        TypeRegistry types,
        MessageParser parser,
        PresenceChannels presence,
        PresenceTransformer presenceTransformer,
        SessionLimits limits,
        UserQuotas userQuotas,
        RequestAccess access) {
}
