package dev.tandem.perf.load;

import io.vertx.core.Context;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Creates a scenario's documents through the protocol, so that it works against any
 * ShareDB server. A document that exists already counts as created.
 */
final class DocumentCreator implements ShareDbSocket.Listener {

    private static final int IN_FLIGHT = 64;
    private static final long RATE_LIMIT_PAUSE_MILLIS = 200;

    private final ShareDbSocket socket;
    private final Context context;
    private final String collection;
    private final TextType type;
    private final Deque<String> waiting;
    private final CountDownLatch done;
    private final java.util.Map<Long, String> inFlight = new java.util.HashMap<>();
    private long seq;
    private int failed;
    private final Metrics metrics;

    DocumentCreator(Context context, WebSocketClient client, Endpoints endpoints, Metrics metrics, String collection,
            TextType type, List<String> docIds) {
        this.collection = collection;
        this.type = type;
        this.metrics = metrics;
        this.context = context;
        this.waiting = new ArrayDeque<>(docIds);
        this.done = new CountDownLatch(docIds.size());
        this.socket = new ShareDbSocket(context, client, endpoints, 0, "load-creator", metrics, this);
    }

    void start() {
        socket.open();
    }

    boolean await(long millis) throws InterruptedException {
        boolean finished = done.await(millis, TimeUnit.MILLISECONDS);
        socket.close();
        return finished;
    }

    long remaining() {
        return done.getCount();
    }

    /** Creates the server refused; read after {@link #await(long)}. */
    int failed() {
        return failed;
    }

    @Override
    public void ready(boolean again) {
        // After a reconnect the unanswered creates go again; an existing document is fine.
        waiting.addAll(inFlight.values());
        inFlight.clear();
        sendMore();
    }

    private void sendMore() {
        while (inFlight.size() < IN_FLIGHT && !waiting.isEmpty()) {
            String docId = waiting.poll();
            long next = ++seq;
            inFlight.put(next, docId);
            socket.send(new JsonObject().put("a", "op").put("c", collection).put("d", docId).put("v", 0)
                    .put("src", socket.src()).put("seq", next)
                    .put("create", new JsonObject().put("type", type.uri).put("data", type.newDocument())));
        }
    }

    @Override
    public void message(JsonObject message) {
        if (!"op".equals(message.getString("a")) || !(message.getValue("seq") instanceof Number number)) {
            return;
        }
        String docId = inFlight.remove(number.longValue());
        if (docId == null) {
            return;
        }
        String code = message.getValue("error") == null ? null : ShareDbSocket.errorCode(message);
        if ("ERR_RATE_LIMIT_EXCEEDED".equals(code)) {
            // The server limits ops per connection and user; this document waits for the next round.
            waiting.add(docId);
            if (inFlight.isEmpty()) {
                context.owner().setTimer(RATE_LIMIT_PAUSE_MILLIS, id -> context.runOnContext(v -> sendMore()));
            }
            return;
        }
        if (code != null && !code.equals("ERR_DOC_ALREADY_CREATED")) {
            metrics.error("create: " + code);
            failed++;
        }
        done.countDown();
        sendMore();
    }
}
