package dev.tandem.store;

/** Result of committing one document's ops; losing the version race is an outcome, not a failure. */
public enum CommitOutcome {
    /** Every op of the commit is stored. */
    COMMITTED,
    /**
     * Another writer already stored one of these versions, so none of the commit's ops is stored.
     * The caller reloads the document from the op log, transforms its ops again and retries.
     */
    VERSION_CONFLICT
}
