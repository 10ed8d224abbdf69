package dev.tandem.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw ShareDB protocol client for tests: it sends JSON text frames and queues every message the
 * server sends, so a test can wait for a message that matches. Blocking by design: tests call it
 * from the JUnit thread, never from an event loop.
 */
public final class ProtocolClient implements AutoCloseable {

    private static final long WAIT_SECONDS = 15;

    private final WebSocketClient client;
    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonObject> received;
    /** The {@code id} of the server's greeting: the connection's default {@code src}. */
    public final String connectionId;

    public static ProtocolClient connect(Vertx vertx, int port, String user) throws Exception {
        // Sent like a non-browser client, without an Origin header, which any allowed-origin list admits.
        return connect(vertx, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/sharedb?user=" + user)
                .setAllowOriginHeader(false));
    }

    /** Connects with the given URI, headers and subprotocols, such as an access token; fails when the upgrade is rejected. */
    public static ProtocolClient connect(Vertx vertx, WebSocketConnectOptions options) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(64 * 1024 * 1024).setMaxMessageSize(64 * 1024 * 1024));
        LinkedBlockingQueue<JsonObject> queue = new LinkedBlockingQueue<>();
        // Handlers are set before connecting, so that no message that arrives with the upgrade
        // response (such as the init greeting) is missed.
        ClientWebSocket ws = client.webSocket();
        ws.textMessageHandler(text -> queue.add(new JsonObject(text)));
        ws.closeHandler(v -> queue.add(new JsonObject().put("a", "__closed")
                .put("status", ws.closeStatusCode()).put("reason", ws.closeReason())));
        WebSocket socket = ws.connect(options).toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        return new ProtocolClient(client, socket, queue);
    }

    private ProtocolClient(WebSocketClient client, WebSocket socket, LinkedBlockingQueue<JsonObject> queue)
            throws InterruptedException {
        this.client = client;
        this.socket = socket;
        this.received = queue;
        JsonObject init = poll(queue, m -> "init".equals(m.getString("a")));
        if (init == null) {
            throw new AssertionError("the server sent no init greeting");
        }
        this.connectionId = init.getString("id");
    }

    private static JsonObject poll(LinkedBlockingQueue<JsonObject> queue, Predicate<JsonObject> match)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            JsonObject message = queue.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && match.test(message)) {
                return message;
            }
        }
        return null;
    }

    public void sendText(String text) throws Exception {
        socket.writeTextMessage(text).toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    public void send(JsonObject message) throws Exception {
        sendText(message.encode());
    }

    /** Writes the messages back to back, waiting only for the last, so the server reads them together. */
    public void sendTogether(JsonObject... messages) throws Exception {
        io.vertx.core.Future<Void> last = io.vertx.core.Future.succeededFuture();
        for (JsonObject message : messages) {
            last = socket.writeTextMessage(message.encode());
        }
        last.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Sends a request and returns the first message that matches; earlier messages that do not match are dropped. */
    public JsonObject request(JsonObject message, Predicate<JsonObject> reply) throws Exception {
        send(message);
        return next(reply);
    }

    /** Returns the next message that matches, dropping those before it; fails the test after a timeout. */
    public JsonObject next(Predicate<JsonObject> match) throws InterruptedException {
        JsonObject message = poll(received, match);
        if (message == null) {
            throw new AssertionError("no matching message within " + WAIT_SECONDS + " s");
        }
        return message;
    }

    /** Returns every message that arrives within {@code millis}. */
    public List<JsonObject> drain(long millis) throws InterruptedException {
        List<JsonObject> messages = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            JsonObject message = received.poll(20, TimeUnit.MILLISECONDS);
            if (message != null) {
                messages.add(message);
            }
        }
        return messages;
    }

    /** The subprotocol that the server selected, or {@code null}. */
    public String subProtocol() {
        return socket.subProtocol();
    }

    @Override
    public void close() {
        socket.close();
        client.close();
    }
}
