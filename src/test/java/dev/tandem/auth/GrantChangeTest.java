package dev.tandem.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.ProtocolClient;
import dev.tandem.support.TestNode;
import dev.tandem.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Grant changes reaching open subscriptions, grants REST rules, the listing, and request order during checks. */
class GrantChangeTest {

    private static final String TEXT = "http://sharejs.org/types/text-unicode";
    private static TestNode node;
    private static Vertx vertx;
    private static Tokens tokens;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String collection = "grant" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String owner = "owner-" + suffix;
    private final String reader = "reader-" + suffix;
    private final AtomicLong seq = new AtomicLong();

    @BeforeAll
    static void startNode() throws Exception {
        node = TestNode.start(Map.of("TANDEM_AUTH_MODE", "jwt", "TANDEM_JWT_SECRET", Tokens.SECRET));
        vertx = Vertx.vertx();
        tokens = new Tokens(vertx);
    }

    @AfterAll
    static void stopNode() {
        vertx.close();
        node.close();
    }

    @Test
    void revokedReaderLosesItsSubscription() throws Exception {
        try (ProtocolClient ownerClient = connect(owner); ProtocolClient readerClient = connect(reader)) {
            create(ownerClient, "doc", "abc");
            assertThat(rest("PUT", owner, "/api/v1/documents/" + collection + "/doc/acl/" + reader, "{\"role\":\"viewer\"}")
                    .statusCode()).isEqualTo(204);
            JsonObject subscribed = readerClient.request(subscribe("doc"), m -> "s".equals(m.getString("a")));
            assertThat(subscribed.getJsonObject("error")).isNull();

            assertThat(rest("DELETE", owner, "/api/v1/documents/" + collection + "/doc/acl/" + reader, null).statusCode())
                    .isEqualTo(204);
            JsonObject revoked = readerClient.next(m -> "op".equals(m.getString("a")) && m.containsKey("error"));
            submit(ownerClient, "doc", 1L, "op", new JsonArray().add(3).add("!"));

            assertThat(revoked.getJsonObject("error").getString("code")).isEqualTo("ERR_DOC_READ_UNAUTHORIZED");
            assertThat(readerClient.drain(500)).noneMatch(m -> m.containsKey("op"));
        }
    }

    @Test
    void earlyWatcherMissesPrivateCreate() throws Exception {
        try (ProtocolClient ownerClient = connect(owner); ProtocolClient watcher = connect(reader)) {
            JsonObject subscribed = watcher.request(subscribe("later"), m -> "s".equals(m.getString("a")));
            assertThat(subscribed.getJsonObject("error")).isNull();

            create(ownerClient, "later", "private text");
            JsonObject revoked = watcher.next(m -> "op".equals(m.getString("a")));

            assertThat(revoked.getJsonObject("error").getString("code")).isEqualTo("ERR_DOC_READ_UNAUTHORIZED");
            assertThat(revoked.containsKey("create")).isFalse();
            assertThat(watcher.drain(300)).noneMatch(m -> m.encode().contains("private text"));
        }
    }

    @Test
    void lastOwnerCannotBeRemovedOrDemoted() throws Exception {
        try (ProtocolClient ownerClient = connect(owner)) {
            create(ownerClient, "kept", "x");
        }
        String acl = "/api/v1/documents/" + collection + "/kept/acl/";

        HttpResponse<String> removeLast = rest("DELETE", owner, acl + owner, null);
        HttpResponse<String> demoteLast = rest("PUT", owner, acl + owner, "{\"role\":\"editor\"}");
        HttpResponse<String> everyoneOwner = rest("PUT", owner, acl + "*", "{\"role\":\"owner\"}");
        HttpResponse<String> unknownRole = rest("PUT", owner, acl + reader, "{\"role\":\"admin\"}");
        HttpResponse<String> missingGrant = rest("DELETE", owner, acl + "nobody-" + suffix, null);

        assertThat(removeLast.statusCode()).isEqualTo(409);
        assertThat(demoteLast.statusCode()).isEqualTo(409);
        assertThat(everyoneOwner.statusCode()).isEqualTo(400);
        assertThat(unknownRole.statusCode()).isEqualTo(400);
        assertThat(missingGrant.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(removeLast.body()).getString("code")).isEqualTo("ERR_LAST_OWNER");
        assertThat(new JsonObject(everyoneOwner.body()).getString("code")).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
        assertThat(new JsonObject(missingGrant.body()).getString("code")).isEqualTo("ERR_NOT_FOUND");
    }

    @Test
    void listingPagesThroughVisibleDocuments() throws Exception {
        try (ProtocolClient ownerClient = connect(owner)) {
            for (String docId : List.of("a", "b", "c", "secret")) {
                create(ownerClient, docId, docId);
            }
        }
        for (String docId : List.of("a", "b")) {
            rest("PUT", owner, "/api/v1/documents/" + collection + "/" + docId + "/acl/" + reader, "{\"role\":\"editor\"}");
        }
        rest("PUT", owner, "/api/v1/documents/" + collection + "/c/acl/*", "{\"role\":\"viewer\"}");

        JsonObject first = new JsonObject(rest("GET", reader, "/api/v1/documents?collection=" + collection + "&limit=2", null).body());
        JsonObject second = new JsonObject(rest("GET", reader, "/api/v1/documents?collection=" + collection
                + "&limit=2&cursor=" + first.getString("cursor"), null).body());

        assertThat(first.getJsonArray("documents").stream().map(d -> ((JsonObject) d).getString("id")).toList())
                .containsExactly("a", "b");
        assertThat(((JsonObject) first.getJsonArray("documents").getValue(0)).getString("role")).isEqualTo("editor");
        assertThat(second.getJsonArray("documents").stream().map(d -> ((JsonObject) d).getString("id")).toList())
                .containsExactly("c");
        assertThat(((JsonObject) second.getJsonArray("documents").getValue(0)).getString("role")).isEqualTo("viewer");
        assertThat(second.containsKey("cursor")).isFalse();
        assertThat(rest("GET", reader, "/api/v1/documents?cursor=garbage", null).statusCode()).isEqualTo(400);
    }

    /**
     * A subscribe whose grants are still loading, then an unsubscribe, end unsubscribed, as sent. The
     * unsubscribe gets its reply at once and the subscribe after its fetch, so the replies may swap.
     */
    @Test
    void requestsWaitingForGrantsKeepTheirOrder() throws Exception {
        try (ProtocolClient ownerClient = connect(owner); ProtocolClient client = connect(owner)) {
            create(ownerClient, "order", "abc");
            JsonObject unsubscribe = new JsonObject().put("a", "u").put("c", collection).put("d", "order");

            // The grant change drops the cached grants, so the subscribe's check below waits for PostgreSQL.
            rest("PUT", owner, "/api/v1/documents/" + collection + "/order/acl/" + reader, "{\"role\":\"viewer\"}");
            client.send(subscribe("order"));
            client.send(unsubscribe);
            JsonObject first = client.next(m -> "s".equals(m.getString("a")) || "u".equals(m.getString("a")));
            JsonObject second = client.next(m -> "s".equals(m.getString("a")) || "u".equals(m.getString("a")));
            submit(ownerClient, "order", 1L, "op", new JsonArray().add(3).add("!"));

            assertThat(List.of(first.getString("a"), second.getString("a"))).containsExactlyInAnyOrder("s", "u");
            assertThat(first.getJsonObject("error")).isNull();
            assertThat(second.getJsonObject("error")).isNull();
            assertThat(client.drain(500)).noneMatch(m -> m.containsKey("op"));
        }
    }

    private JsonObject subscribe(String docId) {
        return new JsonObject().put("a", "s").put("c", collection).put("d", docId);
    }

    private ProtocolClient connect(String user) throws Exception {
        ProtocolClient client = ProtocolClient.connect(vertx, new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(node.httpPort()).setURI("/sharedb?access_token=" + tokens.valid(user)));
        client.request(new JsonObject().put("a", "hs").put("protocol", 1), m -> "hs".equals(m.getString("a")));
        return client;
    }

    private void create(ProtocolClient client, String docId, String text) throws Exception {
        JsonObject reply = submit(client, docId, null, "create", new JsonObject().put("type", TEXT).put("data", text));
        assertThat(reply.getJsonObject("error")).as("create reply %s", reply).isNull();
    }

    private JsonObject submit(ProtocolClient client, String docId, Long version, String field, Object value) throws Exception {
        long seqNumber = seq.incrementAndGet();
        JsonObject message = new JsonObject().put("a", "op").put("c", collection).put("d", docId).put("v", version)
                .put("seq", seqNumber).put(field, value);
        return client.request(message, m -> "op".equals(m.getString("a")) && docId.equals(m.getString("d"))
                && Long.valueOf(seqNumber).equals(m.getLong("seq")) && client.connectionId.equals(m.getString("src"))
                || m.containsKey("error") && Long.valueOf(seqNumber).equals(m.getLong("seq")));
    }

    private static HttpResponse<String> rest(String method, String user, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .header("Authorization", "Bearer " + tokens.valid(user))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
