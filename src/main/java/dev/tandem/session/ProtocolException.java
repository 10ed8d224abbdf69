package dev.tandem.session;

/** A request that gets a protocol error reply; the message is safe to send to the client. */
public final class ProtocolException extends RuntimeException {

    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
