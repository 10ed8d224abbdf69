package dev.tandem.auth;

/** The kind of access a request needs to a document, with the role it requires. */
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
