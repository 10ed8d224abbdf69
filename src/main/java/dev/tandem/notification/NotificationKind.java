package dev.tandem.notification;

import java.util.Locale;
import java.util.Optional;

/** The event that a notification reports. Its name in JSON and in PostgreSQL is the lower-case constant. */
public enum NotificationKind {
    /** A document was shared with the user: they had no grant and now have a role. */
    SHARED,
    /** The user's role on a document changed. */
    ROLE_CHANGED,
    /** The user's grant on a document was removed. */
    UNSHARED,
    /** Someone mentioned the user in a document. */
    MENTIONED,
    /** A document the user owns was deleted. */
    DELETED,
    /** A document the user owns was created again after it had been deleted. */
    RESTORED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NotificationKind> fromWireName(String name) {
        for (NotificationKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
