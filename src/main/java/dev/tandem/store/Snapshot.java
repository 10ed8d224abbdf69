package dev.tandem.store;

import java.util.Objects;

/**
 * A document's state at one version. {@code typeUri} is {@code null} when the document does not
 * exist at that version (never created, or deleted); {@code data} is then {@code null} too.
 * {@code data} is a plain JSON value in the type's snapshot format.
 */
public record Snapshot(String collection, String docId, long version, String typeUri, Object data, long timestampMillis) {

    public Snapshot {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(docId, "docId");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0: " + version);
        }
    }

    public static Snapshot missing(String collection, String docId) {
        return new Snapshot(collection, docId, 0, null, null, 0);
    }

    public boolean exists() {
        return typeUri != null;
    }
}
