package dev.tandem.ot;

/**
 * An op that cannot be accepted: either it is malformed on its own, or it does not fit the snapshot
 * it is applied to. The two map to different ShareDB error codes.
 */
public final class OtException extends RuntimeException {

    /** Why the op was rejected. */
    public enum Kind {
        /** The op is malformed whatever the snapshot is. */
        BADLY_FORMED,
        /** The op is well formed but does not fit the snapshot, such as a delete past its end. */
        NOT_APPLICABLE
    }

    private final Kind kind;

    public OtException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public static OtException badlyFormed(String message) {
        return new OtException(Kind.BADLY_FORMED, message);
    }

    public static OtException notApplicable(String message) {
        return new OtException(Kind.NOT_APPLICABLE, message);
    }

    public Kind kind() {
        return kind;
    }
}
