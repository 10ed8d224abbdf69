package dev.tandem.auth;

/** A request that the user's role on the document does not allow; the message is safe to send to the client. */
public final class AccessDeniedException extends RuntimeException {

    private final Permission permission;

    public AccessDeniedException(Permission permission, String message) {
        super(message, null, false, false);
        this.permission = permission;
    }

    public Permission permission() {
        return permission;
    }
}
