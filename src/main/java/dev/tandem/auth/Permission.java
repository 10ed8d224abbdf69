package dev.tandem.auth;

/** What a request does to a document, and the role it needs. */
public enum Permission {
    /** Fetch, subscribe, snapshots at a version or time, and op reads. */
    READ(Role.VIEWER),
    /** Sending and receiving presence on the document's channel. */
    PRESENCE(Role.VIEWER),
    /** Submitting an edit op, or creating the document again after it was deleted. */
    EDIT(Role.EDITOR),
    /** Deleting the document. */
    DELETE(Role.OWNER),
    /** Reading and changing the document's grants. */
    MANAGE_GRANTS(Role.OWNER);

    private final Role required;

    Permission(Role required) {
        this.required = required;
    }

    public Role required() {
        return required;
    }
}
