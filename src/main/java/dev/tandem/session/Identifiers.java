package dev.tandem.session;

/**
 * Rules for collection names, document ids and {@code src} ids, shared by the protocol and REST.
 * They are stored as PostgreSQL text, which cannot hold U+0000, and encoded as UTF-8, which cannot
 * hold a lone surrogate: either would fail in the store or alias another id.
 */
public final class Identifiers {

    public static final int MAX_COLLECTION_LENGTH = 256;
    public static final int MAX_DOC_ID_LENGTH = 1024;

    private Identifiers() {
    }

    /** Returns why {@code collection} is invalid, or {@code null} when it is valid. */
    public static String collectionProblem(String collection) {
        if (collection == null || collection.isEmpty()) {
            return "must be a non-empty string";
        }
        if (collection.length() > MAX_COLLECTION_LENGTH) {
            return "must be at most " + MAX_COLLECTION_LENGTH + " characters";
        }
        if (collection.indexOf('/') >= 0) {
            return "must not contain '/'";
        }
        return textProblem(collection);
    }

    /** Returns why {@code docId} is invalid, or {@code null} when it is valid. */
    public static String docIdProblem(String docId) {
        if (docId == null || docId.isEmpty()) {
            return "must be a non-empty string";
        }
        if (docId.length() > MAX_DOC_ID_LENGTH) {
            return "must be at most " + MAX_DOC_ID_LENGTH + " characters";
        }
        return textProblem(docId);
    }

    /** Returns why {@code text} cannot be stored as an identifier, or {@code null} when it can. */
    public static String textProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "must not contain U+0000";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain a lone UTF-16 surrogate (at index " + i + ")";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain a lone UTF-16 surrogate (at index " + i + ")";
            }
        }
        return null;
    }
}
