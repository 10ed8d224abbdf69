package dev.tandem.store;

/**
 * Failure of a commit that was rejected because too many ops already wait to be written, typically
 * because PostgreSQL is slow or down. Nothing of the rejected commit is stored, so the caller may
 * retry later.
 */
public final class OverloadedException extends RuntimeException {

    public OverloadedException(String message) {
        super(message, null, false, false);
    }
}
