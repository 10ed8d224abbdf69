package dev.tandem.session;

/** The transport of one client connection: a raw WebSocket or a SockJS session. */
public interface ClientSocket {

    /** Sends one protocol message as a text frame. */
    void send(String text);

    /** Closes the connection with a WebSocket close status and reason. */
    void close(short status, String reason);

    /** The transport's name for logs, such as {@code websocket} or {@code sockjs}. */
    String transport();
}
