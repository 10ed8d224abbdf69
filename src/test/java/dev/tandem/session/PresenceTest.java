package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.ProtocolClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** ShareDB presence relayed between connections: broadcast, requests for newcomers, disconnects. */
class PresenceTest extends ProtocolTestBase {

    private static JsonObject subscribeRequest(String channel, int seq) {
        return new JsonObject().put("a", "ps").put("ch", channel).put("seq", seq);
    }

    @Test
    void presenceReachesOtherSubscribersOnly() throws Exception {
        String channel = collection + ".chat";
        try (ProtocolClient alice = connect(); ProtocolClient bob = connect()) {
            alice.request(subscribeRequest(channel, 1), m -> "ps".equals(m.getString("a")));
            bob.request(subscribeRequest(channel, 1), m -> "ps".equals(m.getString("a")));

            JsonObject echo = alice.request(new JsonObject().put("a", "p").put("ch", channel).put("id", "a1")
                    .put("p", new JsonObject().put("x", 1)).put("pv", 1), m -> "p".equals(m.getString("a")));
            JsonObject received = bob.next(m -> "p".equals(m.getString("a")));

            assertThat(echo.getString("id")).isEqualTo("a1");
            assertThat(received.getString("src")).isEqualTo(alice.connectionId);
            assertThat(received.getString("id")).isEqualTo("a1");
            assertThat(received.getJsonObject("p").getInteger("x")).isEqualTo(1);
            assertThat(alice.drain(300)).noneMatch(m -> "p".equals(m.getString("a")));
        }
    }

    @Test
    void newSubscriberTriggersPresenceRequest() throws Exception {
        String channel = collection + ".late";
        try (ProtocolClient alice = connect(); ProtocolClient bob = connect()) {
            alice.request(subscribeRequest(channel, 1), m -> "ps".equals(m.getString("a")));

            bob.request(subscribeRequest(channel, 1), m -> "ps".equals(m.getString("a")));
            JsonObject request = alice.next(m -> "pr".equals(m.getString("a")));

            assertThat(request.getString("ch")).isEqualTo(channel);
        }
    }

    @Test
    void disconnectClearsPresenceForOthers() throws Exception {
        String channel = collection + ".leave";
        try (ProtocolClient bob = connect()) {
            bob.request(subscribeRequest(channel, 1), m -> "ps".equals(m.getString("a")));
            String aliceSrc;
            try (ProtocolClient alice = connect()) {
                aliceSrc = alice.connectionId;
                alice.request(subscribeRequest(channel, 1), m -> "ps".equals(m.getString("a")));
                alice.request(new JsonObject().put("a", "p").put("ch", channel).put("id", "a1")
                        .put("p", new JsonObject().put("x", 1)).put("pv", 3), m -> "p".equals(m.getString("a")));
                bob.next(m -> "p".equals(m.getString("a")) && m.getValue("p") != null);
            }

            JsonObject gone = bob.next(m -> "p".equals(m.getString("a")) && m.getValue("p") == null);

            assertThat(gone.getString("src")).isEqualTo(aliceSrc);
            assertThat(gone.getString("id")).isEqualTo("a1");
            assertThat(gone.getLong("pv")).isEqualTo(4);
        }
    }

    @Test
    void unsubscribedConnectionGetsNoPresence() throws Exception {
        String channel = collection + ".quiet";
        try (ProtocolClient alice = connect(); ProtocolClient bob = connect()) {
            alice.request(subscribeRequest(channel, 1), m -> "ps".equals(m.getString("a")));
            bob.request(subscribeRequest(channel, 1), m -> "ps".equals(m.getString("a")));
            bob.request(new JsonObject().put("a", "pu").put("ch", channel).put("seq", 2), m -> "pu".equals(m.getString("a")));

            alice.request(new JsonObject().put("a", "p").put("ch", channel).put("id", "a1").put("p", 1).put("pv", 1),
                    m -> "p".equals(m.getString("a")));

            assertThat(bob.drain(400)).noneMatch(m -> "p".equals(m.getString("a")));
        }
    }

    @Test
    void documentPresenceWithUnknownTypeIsRejected() throws Exception {
        try (ProtocolClient alice = connect()) {
            JsonObject reply = alice.request(new JsonObject().put("a", "p").put("ch", collection + ".d1").put("id", "a1")
                    .put("p", 1).put("pv", 1).put("c", collection).put("d", "d1").put("v", 0).put("t", "no-such-type"),
                    m -> m.containsKey("error"));

            assertThat(code(reply)).isEqualTo("ERR_DOC_TYPE_NOT_RECOGNIZED");
        }
    }
}
