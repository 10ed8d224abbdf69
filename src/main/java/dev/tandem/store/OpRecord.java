package dev.tandem.store;

import java.util.Objects;

/**
 * One committed entry of a document's op log.
 *
 * <p>{@code version} is the version the op was applied to: a create at version 0 makes the document
 * version 1. The pair ({@code src}, {@code seq}) identifies the submission so that a resend is never
 * applied twice. {@code body} is a plain JSON value: the op for {@link OpKind#EDIT}, the initial data
 * for {@link OpKind#CREATE} and {@code null} for {@link OpKind#DELETE}.
 */
public record OpRecord(
        String collection,
        String docId,
        long version,
        OpKind kind,
        String createType,
        Object body,
        String src,
        long seq,
        long timestampMillis,
        String userId) {

    public OpRecord {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(kind, "kind");
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0: " + version);
        }
        if (kind == OpKind.CREATE && createType == null) {
            throw new IllegalArgumentException("a create op needs its type URI");
        }
    }

    public boolean isSubmission(String otherSrc, long otherSeq) {
        return src != null && src.equals(otherSrc) && seq == otherSeq;
    }
}
