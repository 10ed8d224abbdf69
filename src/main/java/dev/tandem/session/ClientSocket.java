package dev.tandem.session;

/** The transport of one client connection: a raw WebSocket or a SockJS session. */
interface ClientSocket {

    /** Sends one protocol message as a text frame. */
    void send(String text);

    /**
     * Sends a committed op's message, which other clients receive too. A transport that can write the
     * op's shared encoding, instead of encoding the text again, overrides this.
     */
    default void send(WireOp op) {
        send(op.message());
    }

    /** Closes the connection with a WebSocket close status and reason. */
    void close(short status, String reason);

    /** The transport's name for logs, such as {@code websocket} or {@code sockjs}. */
    String transport();
}
