package dev.tandem.session;

import dev.tandem.support.ProtocolClient;
import dev.tandem.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Starts one node for a test class and offers protocol helpers on top of {@link ProtocolClient}. */
abstract class ProtocolTestBase {

    static final String TEXT = "http://sharejs.org/types/text-unicode";
    static TestNode node;
    static Vertx vertx;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    final String collection = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final AtomicLong seq = new AtomicLong();

    @BeforeAll
    static void startNode() throws Exception {
        node = TestNode.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopNode() {
        vertx.close();
        node.close();
    }

    ProtocolClient connect() throws Exception {
        return connect("tester");
    }

    ProtocolClient connect(String user) throws Exception {
        ProtocolClient client = ProtocolClient.connect(vertx, node.httpPort(), user);
        client.request(new JsonObject().put("a", "hs").put("protocol", 1).put("protocolMinor", 2),
                m -> "hs".equals(m.getString("a")));
        return client;
    }

    long nextSeq() {
        return seq.incrementAndGet();
    }

    static boolean replyTo(JsonObject message, String action, String docId) {
        return action.equals(message.getString("a")) && docId.equals(message.getString("d"));
    }

    /** Sends an op message and returns the ack or error reply: the message with the same seq and no op body. */
    JsonObject submit(ProtocolClient client, String docId, Long version, String field, Object value, long seqNumber)
            throws Exception {
        JsonObject message = new JsonObject().put("a", "op").put("c", collection).put("d", docId).put("v", version)
                .put("seq", seqNumber).put(field, value);
        return client.request(message, m -> replyTo(m, "op", docId) && Long.valueOf(seqNumber).equals(m.getLong("seq"))
                && (m.containsKey("error") || !m.containsKey("op") || client.connectionId.equals(m.getString("src"))));
    }

    JsonObject create(ProtocolClient client, String docId, String text) throws Exception {
        return submit(client, docId, null, "create", new JsonObject().put("type", TEXT).put("data", text), nextSeq());
    }

    JsonObject edit(ProtocolClient client, String docId, long version, JsonArray op) throws Exception {
        return submit(client, docId, version, "op", op, nextSeq());
    }

    /** Fetches the latest snapshot over the protocol and returns its {@code data} object {v, data, type}. */
    JsonObject fetch(ProtocolClient client, String docId) throws Exception {
        return client.request(new JsonObject().put("a", "f").put("c", collection).put("d", docId),
                m -> replyTo(m, "f", docId)).getJsonObject("data");
    }

    /** Reads the document's ops through REST. */
    JsonArray restOps(String docId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + node.httpPort() + "/api/v1/documents/" + collection + "/" + docId + "/ops"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return new JsonArray(response.body());
    }

    static HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String url(String path) {
        return "http://127.0.0.1:" + node.httpPort() + path;
    }

    static String code(JsonObject reply) {
        JsonObject error = reply.getJsonObject("error");
        return error == null ? null : error.getString("code");
    }
}
