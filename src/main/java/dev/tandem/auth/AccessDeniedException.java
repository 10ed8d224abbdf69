package dev.tandem.auth;

/** A request that the user's role on the document does not allow; the message is safe to send to the client. */
public final class AccessDeniedException extends RuntimeException {

    private final Permission permission;
    private final boolean unclaimed;

    public AccessDeniedException(Permission permission, String message, boolean unclaimed) {
        super(message, null, false, false);
        this.permission = permission;
        this.unclaimed = unclaimed;
    }

    public Permission permission() {
        return permission;
    }

    /** True when the document has no grants at all, which means that it was never created. */
    public boolean unclaimed() {
        return unclaimed;
    }
}
