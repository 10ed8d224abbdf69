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
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A grant change made through one node reaches the cached grants and open subscriptions of another. */
class GrantChangeAcrossNodesTest {

    private static TestNode first;
    private static TestNode second;
    private static Vertx vertx;
    private static Tokens tokens;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String collection = "nodes" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeAll
    static void startCluster() throws Exception {
        int firstPort = TestNode.freePort();
        int secondPort = TestNode.freePort();
        String members = "127.0.0.1:" + firstPort + ",127.0.0.1:" + secondPort;
        String cluster = "tandem-acl-" + UUID.randomUUID();
        Map<String, String> common = Map.of("TANDEM_AUTH_MODE", "jwt", "TANDEM_JWT_SECRET", Tokens.SECRET,
                "TANDEM_CLUSTER_NAME", cluster, "TANDEM_CLUSTER_MEMBERS", members);
        first = TestNode.start(with(common, "TANDEM_CLUSTER_PORT", String.valueOf(firstPort)));
        second = TestNode.start(with(common, "TANDEM_CLUSTER_PORT", String.valueOf(secondPort)));
        vertx = Vertx.vertx();
        tokens = new Tokens(vertx);
    }

    private static Map<String, String> with(Map<String, String> common, String key, String value) {
        Map<String, String> environment = new java.util.HashMap<>(common);
        environment.put(key, value);
        return environment;
    }

    @AfterAll
    static void stopCluster() {
        vertx.close();
        second.close();
        first.close();
    }

    @Test
    void revocationOnOneNodeEndsSubscriptionOnAnother() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + suffix;
        String reader = "reader-" + suffix;
        try (ProtocolClient ownerClient = connect(first, owner); ProtocolClient readerClient = connect(second, reader)) {
            JsonObject created = ownerClient.request(new JsonObject().put("a", "op").put("c", collection).put("d", "doc")
                    .put("seq", 1).put("create", new JsonObject().put("type", "text-unicode").put("data", "abc")),
                    m -> "op".equals(m.getString("a")));
            assertThat(created.getJsonObject("error")).isNull();
            assertThat(acl(first, "PUT", owner, reader, "{\"role\":\"viewer\"}").statusCode()).isEqualTo(204);
            JsonObject subscribed = readerClient.request(new JsonObject().put("a", "s").put("c", collection).put("d", "doc"),
                    m -> "s".equals(m.getString("a")));
            assertThat(subscribed.getJsonObject("error")).isNull();

            assertThat(acl(first, "DELETE", owner, reader, null).statusCode()).isEqualTo(204);
            JsonObject revoked = readerClient.next(m -> "op".equals(m.getString("a")) && m.containsKey("error"));
            ownerClient.request(new JsonObject().put("a", "op").put("c", collection).put("d", "doc").put("v", 1)
                    .put("seq", 2).put("op", new JsonArray().add(3).add("!")), m -> "op".equals(m.getString("a")));

            assertThat(revoked.getJsonObject("error").getString("code")).isEqualTo("ERR_DOC_READ_UNAUTHORIZED");
            assertThat(readerClient.drain(500)).noneMatch(m -> m.containsKey("op"));
            HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + second.httpPort()
                    + "/api/v1/documents/" + collection + "/doc")).header("Authorization", "Bearer " + tokens.valid(reader))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).isEqualTo(403);
        }
    }

    private ProtocolClient connect(TestNode node, String user) throws Exception {
        ProtocolClient client = ProtocolClient.connect(vertx, new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(node.httpPort()).setURI("/sharedb?access_token=" + tokens.valid(user)));
        client.request(new JsonObject().put("a", "hs").put("protocol", 1), m -> "hs".equals(m.getString("a")));
        return client;
    }

    private HttpResponse<String> acl(TestNode node, String method, String owner, String user, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/api/v1/documents/"
                        + collection + "/doc/acl/" + user))
                .header("Authorization", "Bearer " + tokens.valid(owner))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
