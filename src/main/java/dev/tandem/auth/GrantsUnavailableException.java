package dev.tandem.auth;

/** The grants of a document could not be read from PostgreSQL within the wait for the store. */
public final class GrantsUnavailableException extends RuntimeException {

    public GrantsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
