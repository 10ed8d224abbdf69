package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.ProtocolClient;
import dev.tandem.support.ResettingProxy;
import dev.tandem.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An op that cannot be committed before the submit deadline, because PostgreSQL resets every
 * connection, is rejected as overloaded instead of waiting forever, and is not stored once
 * PostgreSQL is back.
 */
class SubmitDeadlineTest {

    private static final String PG_URL = envOr("TANDEM_PG_URL", TestNode.DEFAULT_PG_URL);
    private static final String TEXT = "http://sharejs.org/types/text-unicode";
    private static final long SUBMIT_TIMEOUT_MILLIS = 2_000;

    @Test
    void outageBeyondDeadlineRejectsOp() throws Exception {
        Vertx vertx = Vertx.vertx();
        URI pg = URI.create(PG_URL);
        String collection = "deadline" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (ResettingProxy proxy = ResettingProxy.start(vertx, pg.getPort());
                TestNode node = TestNode.start(Map.of(
                        "TANDEM_PG_URL", PG_URL.replace("127.0.0.1:" + pg.getPort(), "127.0.0.1:" + proxy.port()),
                        "TANDEM_SUBMIT_TIMEOUT_MILLIS", String.valueOf(SUBMIT_TIMEOUT_MILLIS)));
                ProtocolClient client = ProtocolClient.connect(vertx, node.httpPort(), "typist")) {
            client.request(new JsonObject().put("a", "hs").put("protocol", 1).put("protocolMinor", 2),
                    m -> "hs".equals(m.getString("a")));
            JsonObject created = submit(client, collection, null, 1, "create",
                    new JsonObject().put("type", TEXT).put("data", "ab"));

            proxy.reset();
            long started = System.nanoTime();
            JsonObject duringOutage = submit(client, collection, 1L, 2, "op", new JsonArray().add(2).add("X"));
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            proxy.heal();
            JsonObject afterOutage = submit(client, collection, 1L, 3, "op", new JsonArray().add(2).add("Y"));
            JsonObject fetched = client.request(new JsonObject().put("a", "f").put("c", collection).put("d", "d1"),
                    m -> "f".equals(m.getString("a"))).getJsonObject("data");

            assertThat(created.containsKey("error")).as("create reply %s", created).isFalse();
            assertThat(duringOutage.getJsonObject("error")).as("op reply during the outage %s", duringOutage).isNotNull();
            assertThat(duringOutage.getJsonObject("error").getString("code")).isEqualTo("ERR_SERVER_OVERLOADED");
            assertThat(waitedMillis).as("wait for the rejection, in ms").isBetween(SUBMIT_TIMEOUT_MILLIS, 6_000L);
            assertThat(afterOutage.containsKey("error")).as("op reply after the outage %s", afterOutage).isFalse();
            assertThat(afterOutage.getLong("v")).isEqualTo(1);
            assertThat(fetched.getLong("v")).isEqualTo(2);
            assertThat(fetched.getString("data")).isEqualTo("abY");
        } finally {
            vertx.close();
        }
    }

    /** Sends an op message and returns the reply with the same seq: the ack or the error. */
    private static JsonObject submit(ProtocolClient client, String collection, Long version, long seq, String field,
            Object value) throws Exception {
        JsonObject message = new JsonObject().put("a", "op").put("c", collection).put("d", "d1").put("v", version)
                .put("seq", seq).put(field, value);
        return client.request(message, m -> "op".equals(m.getString("a")) && Long.valueOf(seq).equals(m.getLong("seq")));
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
