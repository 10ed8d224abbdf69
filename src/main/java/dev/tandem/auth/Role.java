package dev.tandem.auth;

import java.util.Locale;
import java.util.Optional;

/** A user's role on one document, from the least to the most powerful; each includes the ones before it. */
public enum Role {
    /** Reads the document and its history, and receives and sends presence. */
    VIEWER,
    /** A viewer who may comment. Tandem has no comment feature yet, so it may do what a viewer may. */
    COMMENTER,
    /** Submits ops. */
    EDITOR,
    /** Changes grants and deletes the document. */
    OWNER;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The role's name in the REST API and in PostgreSQL, such as {@code viewer}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWireName(String name) {
        for (Role role : values()) {
            if (role.wireName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
