package dev.tandem.auth;

/** A failed authentication; the message is the reason sent to the client and never contains the token. */
public final class AuthenticationException extends RuntimeException {

    public AuthenticationException(String reason) {
        super(reason, null, false, false);
    }
}
