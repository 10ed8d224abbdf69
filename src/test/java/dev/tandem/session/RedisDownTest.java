package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.ProtocolClient;
import dev.tandem.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node whose Redis is unreachable keeps serving from PostgreSQL and reports Redis down in readiness. */
class RedisDownTest {

    @Test
    void nodeServesWithoutRedis() throws Exception {
        int closedPort = TestNode.freePort();
        Vertx vertx = Vertx.vertx();
        try (TestNode node = TestNode.start(Map.of("TANDEM_REDIS_URL", "redis://127.0.0.1:" + closedPort));
                ProtocolClient client = ProtocolClient.connect(vertx, node.httpPort(), "tester")) {
            String collection = "redisdown" + System.nanoTime();
            JsonObject create = client.request(new JsonObject().put("a", "op").put("c", collection).put("d", "d1")
                    .put("seq", 1).put("create", new JsonObject().put("type", "text-unicode").put("data", "ab")),
                    m -> "op".equals(m.getString("a")) && Long.valueOf(1).equals(m.getLong("seq")));
            JsonObject edit = client.request(new JsonObject().put("a", "op").put("c", collection).put("d", "d1")
                    .put("v", 1).put("seq", 2).put("op", new JsonArray().add(2).add("c")),
                    m -> "op".equals(m.getString("a")) && Long.valueOf(2).equals(m.getLong("seq")));
            JsonObject fetched = client.request(new JsonObject().put("a", "f").put("c", collection).put("d", "d1"),
                    m -> "f".equals(m.getString("a")));
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.httpPort() + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(create.containsKey("error")).as("create reply %s", create).isFalse();
            assertThat(edit.getLong("v")).isEqualTo(1);
            assertThat(fetched.getJsonObject("data").getString("data")).isEqualTo("abc");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(ready.body()).getJsonObject("checks").getString("redis")).isEqualTo("DOWN");
        } finally {
            vertx.close();
        }
    }
}
