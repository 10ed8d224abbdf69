package dev.tandem.perf.load;

import io.vertx.core.Context;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

/**
 * One client connection speaking the ShareDB protocol over a plain WebSocket, as the npm client
 * does: it waits for the server's {@code init}, sends {@code hs} (with its previous id after a
 * reconnect, so the server recognises the client) and then hands messages to its listener.
 * A connection that drops reconnects to the next endpoint with back-off until the run ends.
 * Everything runs on the one event-loop context the socket was opened on.
 */
public final class ShareDbSocket {

    /** The client behind a connection, called on the socket's context. */
    public interface Listener {
        /** The handshake finished; {@code again} is true after a reconnect. */
        void ready(boolean again);

        void message(JsonObject message);

        /** Notes that the connection dropped; the socket reconnects by itself unless dropped on purpose. */
        default void lost() {
        }
    }

    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final Context context;
    private final WebSocketClient client;
    private final Endpoints endpoints;
    private final String user;
    private final Metrics metrics;
    private final Listener listener;
    private int endpoint;
    private WebSocket socket;
    private String src;
    private boolean handshaken;
    private boolean everReady;
    private boolean closing;
    /** Set while the client stays away on purpose, as between {@link #drop()} and {@link #reopen()}. */
    private boolean away;
    private long backoffMillis = FIRST_BACKOFF_MILLIS;

    public ShareDbSocket(Context context, WebSocketClient client, Endpoints endpoints, int endpoint, String user,
            Metrics metrics, Listener listener) {
        this.context = context;
        this.client = client;
        this.endpoints = endpoints;
        this.endpoint = endpoint;
        this.user = user;
        this.metrics = metrics;
        this.listener = listener;
    }

    /** Opens the connection; call on this socket's context. */
    public void open() {
        client.connect(endpoints.connectOptions(endpoint, user)).onComplete(result -> {
            if (result.failed()) {
                metrics.connectFailures.increment();
                retryLater();
                return;
            }
            if (closing) {
                result.result().close();
                return;
            }
            socket = result.result();
            metrics.openConnections.increment();
            socket.textMessageHandler(this::onText);
            socket.exceptionHandler(error -> metrics.error("socket: " + error.getClass().getSimpleName()));
            socket.closeHandler(v -> onClosed());
        });
    }

    private void onText(String text) {
        JsonObject message;
        try {
            message = ReceivedMessages.parse(text);
        } catch (RuntimeException e) {
            metrics.error("unparsable message");
            return;
        }
        String action = message.getString("a");
        if (!handshaken) {
            if ("init".equals(action)) {
                // The previous id asks the server to keep this client's identity across reconnects.
                socket.writeTextMessage(new JsonObject().put("a", "hs").put("id", src).encode());
            } else if ("hs".equals(action)) {
                if (message.getValue("error") != null) {
                    metrics.error("hs: " + errorCode(message));
                    socket.close();
                    return;
                }
                src = message.getString("id");
                handshaken = true;
                backoffMillis = FIRST_BACKOFF_MILLIS;
                boolean again = everReady;
                everReady = true;
                listener.ready(again);
            }
            return;
        }
        listener.message(message);
    }

    private void onClosed() {
        metrics.openConnections.decrement();
        socket = null;
        handshaken = false;
        if (closing) {
            return;
        }
        listener.lost();
        if (!away) {
            retryLater();
        }
    }

    private void retryLater() {
        if (closing) {
            return;
        }
        metrics.reconnects.increment();
        endpoint++;
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        context.owner().setTimer(delay, id -> context.runOnContext(v -> open()));
    }

    public boolean ready() {
        return handshaken && socket != null;
    }

    /** The connection's id from the handshake: the {@code src} of its ops. */
    public String src() {
        return src;
    }

    public void send(JsonObject message) {
        if (ready()) {
            socket.writeTextMessage(message.encode());
        }
    }

    /** Closes the connection and stays away until {@link #reopen()}, as a laptop that sleeps would. */
    public void drop() {
        away = true;
        if (socket != null) {
            socket.close();
        }
    }

    /** Connects again after {@link #drop()}, with the same client id. */
    public void reopen() {
        away = false;
        open();
    }

    public void close() {
        closing = true;
        if (socket != null) {
            socket.close();
        }
    }

    static String errorCode(JsonObject message) {
        Object error = message.getValue("error");
        if (error instanceof JsonObject object) {
            return String.valueOf(object.getValue("code"));
        }
        return String.valueOf(error);
    }
}
