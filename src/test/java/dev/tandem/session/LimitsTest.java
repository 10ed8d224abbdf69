package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.ProtocolClient;
import dev.tandem.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each configurable limit on a node with small values: the request over it gets an error in the
 * protocol's shape (or an HTTP status), the connection stays usable, and nothing else changes.
 */
class LimitsTest extends ProtocolTestBase {

    private static final String ALLOWED_ORIGIN = "https://docs.example.com";

    /** Hides the base class's node start so that this class's node has small limits. */
    @BeforeAll
    static void startNode() throws Exception {
        node = TestNode.start(Map.of(
                "TANDEM_MAX_OP_BYTES", "4096",
                "TANDEM_MAX_SUBSCRIPTIONS_PER_CONNECTION", "3",
                "TANDEM_OPS_PER_SECOND_PER_CONNECTION", "5",
                "TANDEM_OPS_PER_SECOND_PER_USER", "8",
                "TANDEM_MAX_CONNECTIONS_PER_USER", "3",
                "TANDEM_ALLOWED_ORIGINS", ALLOWED_ORIGIN));
        vertx = Vertx.vertx();
    }

    @Test
    void opOverSizeLimitRejected() throws Exception {
        try (ProtocolClient writer = connect("size-writer"); ProtocolClient reader = connect("size-reader")) {
            String docId = "big-op";
            create(writer, docId, "start");
            reader.request(new JsonObject().put("a", "s").put("c", collection).put("d", docId),
                    m -> replyTo(m, "s", docId));

            JsonObject reply = edit(writer, docId, 1, new JsonArray().add(5).add("x".repeat(5000)));
            JsonObject tooLargeCreate = create(writer, "big-create", "y".repeat(5000));

            assertThat(code(reply)).isEqualTo("ERR_OP_TOO_LARGE");
            assertThat(code(tooLargeCreate)).isEqualTo("ERR_OP_TOO_LARGE");
            assertThat(reader.drain(300)).noneMatch(m -> "op".equals(m.getString("a")));
            JsonObject snapshot = fetch(writer, docId);
            assertThat(snapshot.getLong("v")).isEqualTo(1);
            assertThat(snapshot.getString("data")).isEqualTo("start");
            assertThat(fetch(writer, "big-create").getValue("data")).isNull();
            assertThat(code(edit(writer, docId, 1, new JsonArray().add(5).add("!")))).isNull();
        }
    }

    @Test
    void subscriptionsOverLimitRejected() throws Exception {
        try (ProtocolClient client = connect("subscriber")) {
            List<JsonObject> replies = new ArrayList<>();
            for (String docId : List.of("s1", "s2", "s3", "s4")) {
                replies.add(client.request(new JsonObject().put("a", "s").put("c", collection).put("d", docId),
                        m -> replyTo(m, "s", docId)));
            }
            JsonObject again = client.request(new JsonObject().put("a", "s").put("c", collection).put("d", "s3"),
                    m -> replyTo(m, "s", "s3"));
            client.request(new JsonObject().put("a", "u").put("c", collection).put("d", "s1"), m -> replyTo(m, "u", "s1"));
            JsonObject afterUnsubscribe = client.request(new JsonObject().put("a", "s").put("c", collection)
                    .put("d", "s4"), m -> replyTo(m, "s", "s4"));

            assertThat(replies.subList(0, 3)).allMatch(reply -> code(reply) == null);
            assertThat(code(replies.get(3))).isEqualTo("ERR_TOO_MANY_SUBSCRIPTIONS");
            assertThat(code(again)).as("subscribing again to a subscribed document").isNull();
            assertThat(code(afterUnsubscribe)).isNull();
        }
    }

    @Test
    void presenceSubscriptionsOverLimitRejected() throws Exception {
        try (ProtocolClient client = connect("presence-subscriber")) {
            List<JsonObject> replies = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                String channel = collection + ".p" + i;
                replies.add(client.request(new JsonObject().put("a", "ps").put("ch", channel).put("seq", i),
                        m -> "ps".equals(m.getString("a")) && channel.equals(m.getString("ch"))));
            }

            assertThat(replies.subList(0, 3)).allMatch(reply -> code(reply) == null);
            assertThat(code(replies.get(3))).isEqualTo("ERR_TOO_MANY_SUBSCRIPTIONS");
        }
    }

    // Every presence id stays in memory until the connection closes, so their number is bounded.
    @Test
    void presenceIdsOverLimitRejected() throws Exception {
        try (ProtocolClient client = connect("presence-ids")) {
            String channel = collection + ".many-ids";
            for (int i = 0; i < 3; i++) {
                String id = "id" + i;
                client.request(presence(channel, id, new JsonObject().put("index", i)),
                        m -> "p".equals(m.getString("a")) && id.equals(m.getString("id")));
            }

            JsonObject fourth = client.request(presence(channel, "id3", new JsonObject()),
                    m -> "p".equals(m.getString("a")) && "id3".equals(m.getString("id")));
            client.request(presence(channel, "id0", null), m -> "p".equals(m.getString("a")) && "id0".equals(m.getString("id")));
            JsonObject afterRelease = client.request(presence(channel, "id3", new JsonObject()),
                    m -> "p".equals(m.getString("a")) && "id3".equals(m.getString("id")));

            assertThat(code(fourth)).isEqualTo("ERR_TOO_MANY_SUBSCRIPTIONS");
            assertThat(code(afterRelease)).isNull();
        }
    }

    @Test
    void connectionOpRateLimited() throws Exception {
        try (ProtocolClient fast = connect("fast-typist"); ProtocolClient other = connect("calm-typist")) {
            String docId = "rate";
            create(other, docId, "");

            List<JsonObject> replies = pipelineInserts(fast, docId, 12);
            JsonObject otherReply = edit(other, docId, 1, new JsonArray().add("o"));

            List<JsonObject> accepted = replies.stream().filter(reply -> code(reply) == null).toList();
            List<JsonObject> limited = replies.stream()
                    .filter(reply -> "ERR_RATE_LIMIT_EXCEEDED".equals(code(reply))).toList();
            assertThat(accepted.size() + limited.size()).isEqualTo(12);
            assertThat(accepted).hasSizeBetween(5, 6);
            assertThat(limited.get(0).getJsonObject("error").getString("message")).contains("this connection");
            assertThat(code(otherReply)).as("another user's op").isNull();
            JsonObject snapshot = fetch(other, docId);
            assertThat(snapshot.getString("data")).hasSize(accepted.size() + 1);
            assertThat(snapshot.getLong("v")).isEqualTo(1 + accepted.size() + 1);
        }
    }

    @Test
    void userOpRateSharedAcrossConnections() throws Exception {
        try (ProtocolClient first = connect("busy-user"); ProtocolClient second = connect("busy-user");
                ProtocolClient other = connect("idle-user")) {
            String docId = "user-rate";
            create(other, docId, "");

            List<JsonObject> replies = new ArrayList<>(pipelineInserts(first, docId, 5));
            replies.addAll(pipelineInserts(second, docId, 5));
            JsonObject otherReply = edit(other, docId, 1, new JsonArray().add("o"));

            long accepted = replies.stream().filter(reply -> code(reply) == null).count();
            List<JsonObject> limited = replies.stream()
                    .filter(reply -> "ERR_RATE_LIMIT_EXCEEDED".equals(code(reply))).toList();
            assertThat(accepted).isBetween(8L, 9L);
            assertThat(limited).isNotEmpty();
            assertThat(limited.get(0).getJsonObject("error").getString("message")).contains("this user");
            assertThat(code(otherReply)).isNull();
            assertThat(fetch(other, docId).getString("data")).hasSize((int) accepted + 1);
        }
    }

    @Test
    void connectionsPerUserLimited() throws Exception {
        List<ProtocolClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(connect("crowd"));
            }

            HttpResponse<String> refused = upgradeFailure("crowd", null);
            ProtocolClient otherUser = connect("loner");
            otherUser.close();
            open.remove(0).close();
            ProtocolClient afterClose = connectWithin("crowd", 5000);
            open.add(afterClose);

            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(new JsonObject(refused.body()).getString("detail")).contains("maximum of 3 connections");
            assertThat(afterClose.connectionId).isNotBlank();
        } finally {
            open.forEach(ProtocolClient::close);
        }
    }

    @Test
    void disallowedOriginRefusedAtUpgrade() throws Exception {
        HttpResponse<String> refused = upgradeFailure("origin-user", "https://evil.example.com");
        HttpResponse<String> sockJsInfo = http(HttpRequest.newBuilder(URI.create(url("/sockjs/info")))
                .header("Origin", "https://evil.example.com"));
        HttpResponse<String> allowedInfo = http(HttpRequest.newBuilder(URI.create(url("/sockjs/info")))
                .header("Origin", ALLOWED_ORIGIN));
        HttpResponse<String> bridgeInfo = http(HttpRequest.newBuilder(URI.create(url("/eventbus/info?user=origin-user")))
                .header("Origin", "https://evil.example.com"));
        HttpResponse<String> allowedBridgeInfo = http(HttpRequest.newBuilder(
                URI.create(url("/eventbus/info?user=origin-user"))).header("Origin", ALLOWED_ORIGIN));
        WebSocket allowed = webSocket("origin-user", ALLOWED_ORIGIN).join();

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(new JsonObject(refused.body()).getString("title")).isEqualTo("Origin not allowed");
        assertThat(sockJsInfo.statusCode()).isEqualTo(403);
        assertThat(allowedInfo.statusCode()).isEqualTo(200);
        assertThat(bridgeInfo.statusCode()).as("notification bridge from a disallowed origin").isEqualTo(403);
        assertThat(allowedBridgeInfo.statusCode()).as("notification bridge from an allowed origin").isEqualTo(200);
        allowed.abort();
    }

    @Test
    void restCreateOverOpSizeRejected() throws Exception {
        HttpResponse<String> response = http(HttpRequest.newBuilder(URI.create(url("/api/v1/documents/" + collection
                + "/rest-big"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("type", "text-unicode")
                        .put("data", "z".repeat(5000)).encode())));
        HttpResponse<String> read = http(HttpRequest.newBuilder(URI.create(url("/api/v1/documents/" + collection
                + "/rest-big"))));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("ERR_OP_TOO_LARGE");
        assertThat(new JsonObject(read.body()).getValue("data")).isNull();
    }

    @Test
    void restCreateOverUserRateGets429() throws Exception {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            responses.add(http(HttpRequest.newBuilder(URI.create(url("/api/v1/documents/" + collection + "/r" + i)))
                    .header("Content-Type", "application/json").header("X-Tandem-User", "rest-burst")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"text-unicode\",\"data\":\"r\"}"))));
        }
        HttpResponse<String> otherUser = http(HttpRequest.newBuilder(URI.create(url("/api/v1/documents/" + collection
                + "/other"))).header("Content-Type", "application/json").header("X-Tandem-User", "rest-calm")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"text-unicode\",\"data\":\"o\"}")));

        int firstLimited = -1;
        for (int i = 0; i < responses.size() && firstLimited < 0; i++) {
            if (responses.get(i).statusCode() == 429) {
                firstLimited = i;
            }
        }
        assertThat(firstLimited).as("index of the first 429").isGreaterThanOrEqualTo(8);
        HttpResponse<String> limited = responses.get(firstLimited);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(new JsonObject(limited.body()).getString("code")).isEqualTo("ERR_RATE_LIMIT_EXCEEDED");
        HttpResponse<String> read = http(HttpRequest.newBuilder(URI.create(url("/api/v1/documents/" + collection
                + "/r" + firstLimited))));
        assertThat(new JsonObject(read.body()).getValue("data")).as("document of the refused create").isNull();
        assertThat(otherUser.statusCode()).isEqualTo(201);
    }

    private static JsonObject presence(String channel, String id, JsonObject value) {
        return new JsonObject().put("a", "p").put("ch", channel).put("id", id).put("p", value).put("pv", 1);
    }

    /** Sends {@code count} inserts without waiting and returns their replies in seq order. */
    private List<JsonObject> pipelineInserts(ProtocolClient client, String docId, int count) throws Exception {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seqNumber = nextSeq();
            seqs.add(seqNumber);
            client.send(new JsonObject().put("a", "op").put("c", collection).put("d", docId).put("v", 1)
                    .put("seq", seqNumber).put("op", new JsonArray().add("i")));
        }
        // Rejections are sent at once and acks after the commit, so replies arrive out of order.
        java.util.Map<Long, JsonObject> replies = new java.util.TreeMap<>();
        while (replies.size() < count) {
            JsonObject reply = client.next(m -> replyTo(m, "op", docId) && seqs.contains(m.getLong("seq"))
                    && (m.containsKey("error") || client.connectionId.equals(m.getString("src"))));
            replies.put(reply.getLong("seq"), reply);
        }
        return new ArrayList<>(replies.values());
    }

    private java.util.concurrent.CompletableFuture<WebSocket> webSocket(String user, String origin) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        return builder.buildAsync(URI.create(node.webSocketUri(user)), new WebSocket.Listener() { });
    }

    /** Opens a WebSocket that the test expects the server to refuse, and returns the refusal. */
    private HttpResponse<String> upgradeFailure(String user, String origin) throws Exception {
        try {
            WebSocket socket = webSocket(user, origin).get(15, TimeUnit.SECONDS);
            socket.abort();
            throw new AssertionError("the upgrade succeeded");
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            if (!(e.getCause() instanceof WebSocketHandshakeException refusal)) {
                throw e;
            }
            @SuppressWarnings("unchecked")
            HttpResponse<String> response = (HttpResponse<String>) refusal.getResponse();
            return response;
        }
    }

    /** Connects, retrying while the server has not yet counted a just-closed connection as closed. */
    private ProtocolClient connectWithin(String user, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            try {
                return connect(user);
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
