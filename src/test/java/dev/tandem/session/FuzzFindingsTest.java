package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Regression tests for what the protocol fuzzer found, one per finding. */
class FuzzFindingsTest extends ProtocolTestBase {

    // Found: the unsubscribe unregistered the event-bus consumer while its registration was still
    // pending, which failed the subscribe with ERR_UNKNOWN_ERROR and an ERROR log.
    @Test
    void subscribeThenUnsubscribeAtOnceBothSucceed() throws Exception {
        try (ProtocolClient client = connect()) {
            create(client, "s-then-u", "x");
            queueRegistrations(client, "busy-a");

            client.sendTogether(subscribe("s-then-u"),
                    new JsonObject().put("a", "u").put("c", collection).put("d", "s-then-u"));
            // The unsubscribe reply may come first, while the subscribe still reads the snapshot.
            JsonObject first = client.next(m -> replyTo(m, "s", "s-then-u") || replyTo(m, "u", "s-then-u"));
            JsonObject second = client.next(m -> replyTo(m, "s", "s-then-u") || replyTo(m, "u", "s-then-u"));

            assertThat(List.of(first.getString("a"), second.getString("a"))).containsExactlyInAnyOrder("s", "u");
            assertThat(code(first)).isNull();
            assertThat(code(second)).isNull();
        }
    }

    @Test
    void bulkSubscribeWithRepeatedIdSucceeds() throws Exception {
        try (ProtocolClient client = connect()) {
            create(client, "bs-twice", "x");

            JsonObject reply = client.request(new JsonObject().put("a", "bs").put("c", collection)
                    .put("b", new io.vertx.core.json.JsonArray().add("bs-twice").add("bs-twice")),
                    m -> "bs".equals(m.getString("a")));

            assertThat(code(reply)).isNull();
            assertThat(reply.getJsonObject("data").getJsonObject("bs-twice").getString("data")).isEqualTo("x");
        }
    }

    @Test
    void bulkAndSingleSubscribeTogetherSucceed() throws Exception {
        try (ProtocolClient client = connect()) {
            create(client, "bs-and-s", "x");
            queueRegistrations(client, "busy-c");

            client.sendTogether(subscribe("bs-and-s"), new JsonObject().put("a", "bs").put("c", collection)
                    .put("b", new JsonObject().put("bs-and-s", 1)));
            JsonObject first = client.next(m -> "bs".equals(m.getString("a")) || replyTo(m, "s", "bs-and-s"));
            JsonObject second = client.next(m -> "bs".equals(m.getString("a")) || replyTo(m, "s", "bs-and-s"));

            assertThat(code(first)).isNull();
            assertThat(code(second)).isNull();
        }
    }

    @Test
    void subscribeTwiceAtOnceBothSucceed() throws Exception {
        try (ProtocolClient client = connect()) {
            create(client, "s-twice", "x");
            queueRegistrations(client, "busy-b");

            client.sendTogether(subscribe("s-twice"), subscribe("s-twice"));
            JsonObject first = client.next(m -> replyTo(m, "s", "s-twice"));
            JsonObject second = client.next(m -> replyTo(m, "s", "s-twice"));

            assertThat(code(first)).isNull();
            assertThat(code(second)).isNull();
        }
    }

    @Test
    void presenceSubscribeThenUnsubscribeAtOnceSucceeds() throws Exception {
        try (ProtocolClient client = connect()) {
            String channel = collection + ".ps-then-pu";
            queueRegistrations(client, "busy-d");

            client.sendTogether(new JsonObject().put("a", "ps").put("ch", channel).put("seq", 1),
                    new JsonObject().put("a", "pu").put("ch", channel).put("seq", 2));
            JsonObject first = client.next(m -> "ps".equals(m.getString("a")) || "pu".equals(m.getString("a")));
            JsonObject second = client.next(m -> "ps".equals(m.getString("a")) || "pu".equals(m.getString("a")));

            assertThat(List.of(first.getString("a"), second.getString("a"))).containsExactlyInAnyOrder("ps", "pu");
            assertThat(code(first)).isNull();
            assertThat(code(second)).isNull();
        }
    }

    // Found: closing a connection while a subscribe was in flight threw a
    // ConcurrentModificationException half-way through the cleanup, which left its presence
    // subscriptions registered and never sent its null presence.
    @Test
    void closeDuringSubscribesReleasesEverything() throws Exception {
        ProtocolClient client = connect();
        queueRegistrations(client, "busy-e");
        List<JsonObject> requests = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(subscribe("pending-" + i));
            requests.add(new JsonObject().put("a", "ps").put("ch", collection + ".pending-" + i).put("seq", i));
        }
        client.sendTogether(requests.toArray(new JsonObject[0]));

        client.close();

        awaitGaugesZero();
    }

    // Found by the protocol fuzzer: channel names with a lone surrogate or U+0000 were accepted,
    // and a lone surrogate turns into '?' when the event-bus address crosses to another node.
    @Test
    void presenceChannelWithLoneSurrogateRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            // JSON escapes, because Java would encode a lone surrogate as '?' before it is sent.
            List<String> escapedChannels = List.of("a\\ud800b", "nul\\u0000", "\\udfff");
            for (String channel : escapedChannels) {
                client.sendText("{\"a\":\"ps\",\"ch\":\"" + channel + "\",\"seq\":1}");
                JsonObject reply = client.next(m -> "ps".equals(m.getString("a")));

                assertThat(code(reply)).as(channel).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
            }
        }
    }

    /**
     * Subscribes to many documents without waiting, so that the event-bus registrations behind
     * them queue up and the next registration is still pending when the following message arrives.
     */
    private void queueRegistrations(ProtocolClient client, String prefix) throws Exception {
        io.vertx.core.json.JsonArray ids = new io.vertx.core.json.JsonArray();
        for (int i = 0; i < 300; i++) {
            ids.add(prefix + i);
        }
        client.send(new JsonObject().put("a", "bs").put("c", collection).put("b", ids));
    }

    private JsonObject subscribe(String docId) {
        return new JsonObject().put("a", "s").put("c", collection).put("d", docId);
    }

    private static JsonObject presence(String channel, String id, JsonObject value) {
        return new JsonObject().put("a", "p").put("ch", channel).put("id", id).put("p", value).put("pv", 1);
    }

    /** Waits until every session gauge reads 0; only this class's clients use its node. */
    private void awaitGaugesZero() throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Map<String, Double> gauges = Map.of();
        while (System.nanoTime() < deadline) {
            gauges = sessionGauges();
            if (gauges.values().stream().allMatch(value -> value == 0)) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(gauges).hasSize(5).allSatisfy((name, value) -> assertThat(value).as(name).isZero());
    }

    Map<String, Double> sessionGauges() throws Exception {
        String metrics = http(HttpRequest.newBuilder(URI.create(url("/metrics")))).body();
        Map<String, Double> gauges = new java.util.TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("tandem_connections ") || line.startsWith("tandem_session_")) {
                String[] parts = line.split(" ");
                gauges.put(parts[0], Double.parseDouble(parts[1]));
            }
        }
        return gauges;
    }
}
