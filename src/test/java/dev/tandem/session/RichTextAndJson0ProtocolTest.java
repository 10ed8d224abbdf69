package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * rich-text and json0 ops through the protocol: ops that the npm references accept silently get an
 * error reply and change nothing, and a concurrent op that transforms to a no-op is still
 * acknowledged with a version of its own.
 */
class RichTextAndJson0ProtocolTest extends ProtocolTestBase {

    private static final String RICH_TEXT = "http://sharejs.org/types/rich-text/v1";
    private static final String JSON0 = "http://sharejs.org/types/JSONv0";
    private static final String BADLY_FORMED = "ERR_OT_OP_BADLY_FORMED";
    private static final String NOT_APPLIED = "ERR_OT_OP_NOT_APPLIED";

    private String createTyped(ProtocolClient client, String type, Object data) throws Exception {
        String docId = "doc" + nextSeq();
        JsonObject ack = submit(client, docId, null, "create", new JsonObject().put("type", type).put("data", data),
                nextSeq());
        assertThat(ack.containsKey("error")).as("create: %s", ack).isFalse();
        return docId;
    }

    private static JsonObject delta(String opsJson) {
        return new JsonObject().put("ops", new JsonArray(opsJson));
    }

    private JsonObject editDelta(ProtocolClient client, String docId, long version, String opsJson) throws Exception {
        return submit(client, docId, version, "op", delta(opsJson), nextSeq());
    }

    /** Sends an op frame as text, so that it can hold JSON escapes such as a lone surrogate. */
    private JsonObject sendOpText(ProtocolClient client, String docId, long version, String opJson) throws Exception {
        long seqNumber = nextSeq();
        client.sendText("{\"a\":\"op\",\"c\":\"" + collection + "\",\"d\":\"" + docId + "\",\"v\":" + version
                + ",\"seq\":" + seqNumber + ",\"op\":" + opJson + "}");
        return client.next(m -> replyTo(m, "op", docId) && Long.valueOf(seqNumber).equals(m.getLong("seq")));
    }

    @Test
    void richTextInvalidOpsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createTyped(client, RICH_TEXT, new JsonArray("[{\"insert\":\"abc\\n\"}]"));
            Map<String, String> expectedCodes = Map.of(
                    "[{\"retain\":0},{\"delete\":1}]", BADLY_FORMED,
                    "[{\"retain\":-1},{\"insert\":\"X\"}]", BADLY_FORMED,
                    "[{\"delete\":1.5}]", BADLY_FORMED,
                    "[{\"retain\":10},{\"insert\":\"Z\"}]", NOT_APPLIED,
                    "[{\"delete\":10}]", NOT_APPLIED,
                    "[{\"foo\":1}]", BADLY_FORMED);

            for (Map.Entry<String, String> bad : expectedCodes.entrySet()) {
                JsonObject reply = editDelta(client, docId, 1, bad.getKey());
                assertThat(code(reply)).as("reply to %s: %s", bad.getKey(), reply).isEqualTo(bad.getValue());
            }
            JsonObject unchanged = fetch(client, docId);
            int storedOps = restOps(docId).size();
            JsonObject next = editDelta(client, docId, 1, "[{\"retain\":3},{\"insert\":\"d\"}]");

            assertThat(unchanged.getLong("v")).isEqualTo(1);
            assertThat(unchanged.getValue("data")).isEqualTo(new JsonObject().put("ops",
                    new JsonArray("[{\"insert\":\"abc\\n\"}]")));
            assertThat(storedOps).as("ops in the op log").isEqualTo(1);
            assertThat(next.containsKey("error")).as("valid op after the bad ones: %s", next).isFalse();
            assertThat(next.getLong("v")).isEqualTo(1);
            assertThat(fetch(client, docId).getValue("data")).isEqualTo(new JsonObject().put("ops",
                    new JsonArray("[{\"insert\":\"abcd\\n\"}]")));
        }
    }

    @Test
    void json0InvalidOpsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            JsonObject document = new JsonObject("{\"t\":\"abc\",\"l\":[\"a\"],\"n\":1}");
            String docId = createTyped(client, JSON0, document);
            Map<String, String> expectedCodes = Map.of(
                    "[{\"p\":[\"t\",99],\"si\":\"z\"}]", NOT_APPLIED,
                    "[{\"p\":[\"l\",5],\"ld\":\"a\"}]", NOT_APPLIED,
                    "[{\"p\":[\"n\"],\"na\":\"1\"}]", BADLY_FORMED,
                    "[{\"p\":[],\"oi\":{\"x\":1}}]", BADLY_FORMED,
                    "[{\"p\":[\"t\",1],\"sd\":\"zz\"}]", NOT_APPLIED,
                    "[{\"p\":[\"n\"]}]", BADLY_FORMED);

            for (Map.Entry<String, String> bad : expectedCodes.entrySet()) {
                JsonObject reply = edit(client, docId, 1, new JsonArray(bad.getKey()));
                assertThat(code(reply)).as("reply to %s: %s", bad.getKey(), reply).isEqualTo(bad.getValue());
            }
            JsonObject unchanged = fetch(client, docId);
            int storedOps = restOps(docId).size();
            JsonObject next = edit(client, docId, 1, new JsonArray("[{\"p\":[\"n\"],\"na\":2}]"));

            assertThat(unchanged.getLong("v")).isEqualTo(1);
            assertThat(unchanged.getValue("data")).isEqualTo(document);
            assertThat(storedOps).as("ops in the op log").isEqualTo(1);
            assertThat(next.containsKey("error")).as("valid op after the bad ones: %s", next).isFalse();
            assertThat(fetch(client, docId).getJsonObject("data").getInteger("n")).isEqualTo(3);
        }
    }

    @Test
    void richTextHalfEmojiRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createTyped(client, RICH_TEXT, new JsonArray("[{\"insert\":\"a\\n\"}]"));
            editDelta(client, docId, 1, "[{\"retain\":1},{\"insert\":\"😀\"}]");
            editDelta(client, docId, 2, "[{\"retain\":3},{\"insert\":\"b\"}]");

            JsonObject deleteHalf = sendOpText(client, docId, 3, "{\"ops\":[{\"retain\":1},{\"delete\":1}]}");
            JsonObject insertInside = sendOpText(client, docId, 3, "{\"ops\":[{\"retain\":2},{\"insert\":\"X\"}]}");
            JsonObject insertHigh = sendOpText(client, docId, 3, "{\"ops\":[{\"retain\":1},{\"insert\":\"\\ud83d\"}]}");
            JsonObject unchanged = fetch(client, docId);
            JsonObject deleteWhole = sendOpText(client, docId, 3, "{\"ops\":[{\"retain\":1},{\"delete\":2}]}");

            assertThat(code(deleteHalf)).isEqualTo(NOT_APPLIED);
            assertThat(code(insertInside)).isEqualTo(NOT_APPLIED);
            assertThat(code(insertHigh)).isEqualTo(BADLY_FORMED);
            assertThat(unchanged.getLong("v")).isEqualTo(3);
            assertThat(unchanged.getValue("data")).isEqualTo(new JsonObject().put("ops",
                    new JsonArray().add(new JsonObject().put("insert", "a😀b\n"))));
            assertThat(code(deleteWhole)).as("delete of the whole emoji: %s", deleteWhole).isNull();
            assertThat(deleteWhole.getLong("v")).isEqualTo(3);
            assertThat(fetch(client, docId).getValue("data")).isEqualTo(new JsonObject().put("ops",
                    new JsonArray("[{\"insert\":\"ab\\n\"}]")));
        }
    }

    @Test
    void richTextSameFormatAcknowledgedAsNoop() throws Exception {
        try (ProtocolClient a = connect(); ProtocolClient b = connect()) {
            String docId = createTyped(a, RICH_TEXT, new JsonArray("[{\"insert\":\"Title\\n\"}]"));

            JsonObject ackA = editDelta(a, docId, 1, "[{\"retain\":5},{\"retain\":1,\"attributes\":{\"header\":1}}]");
            JsonObject ackB = editDelta(b, docId, 1, "[{\"retain\":5},{\"retain\":1,\"attributes\":{\"header\":2}}]");

            assertThat(code(ackA)).isNull();
            assertThat(code(ackB)).as("ack of the op that became a no-op: %s", ackB).isNull();
            assertThat(ackB.getLong("v")).isEqualTo(2);
            assertThat(fetch(a, docId).getLong("v")).isEqualTo(3);
            assertThat(fetch(a, docId).getValue("data")).isEqualTo(new JsonObject().put("ops", new JsonArray(
                    "[{\"insert\":\"Title\"},{\"insert\":\"\\n\",\"attributes\":{\"header\":1}}]")));
        }
    }

    @Test
    void json0MoveOfDeletedItemAcknowledged() throws Exception {
        try (ProtocolClient a = connect(); ProtocolClient b = connect()) {
            String docId = createTyped(a, JSON0, new JsonObject("{\"l\":[\"A\",\"B\",\"C\",\"D\"]}"));

            JsonObject ackA = edit(a, docId, 1, new JsonArray("[{\"p\":[\"l\",1],\"ld\":\"B\"}]"));
            JsonObject ackB = edit(b, docId, 1, new JsonArray("[{\"p\":[\"l\",1],\"lm\":3}]"));
            JsonObject nextB = edit(b, docId, 3, new JsonArray("[{\"p\":[\"l\",0],\"lm\":2}]"));

            assertThat(code(ackA)).isNull();
            assertThat(code(ackB)).as("ack of the move that became a no-op: %s", ackB).isNull();
            assertThat(ackB.getLong("v")).isEqualTo(2);
            assertThat(code(nextB)).as("next op on the acknowledged version: %s", nextB).isNull();
            assertThat(fetch(a, docId).getJsonObject("data").getJsonArray("l"))
                    .isEqualTo(new JsonArray("[\"C\",\"D\",\"A\"]"));
        }
    }

    /** Checks key order where the document verticle's reply crosses the event bus, which copies it. */
    @Test
    void json0LargeObjectKeepsKeyOrder() throws Exception {
        try (ProtocolClient client = connect()) {
            JsonObject big = new JsonObject();
            java.util.List<String> expected = new java.util.ArrayList<>();
            for (int i = 99; i >= 0; i--) {
                String key = "k" + (i * 7 % 100);
                big.put(key, i);
                expected.add(key);
            }
            String docId = createTyped(client, JSON0, new JsonObject().put("big", big));

            JsonObject replaced = edit(client, docId, 1, new JsonArray().add(new JsonObject()
                    .put("p", new JsonArray().add("big").add("k3")).put("od", big.getValue("k3")).put("oi", "X")));
            JsonObject added = edit(client, docId, 2, new JsonArray().add(new JsonObject()
                    .put("p", new JsonArray().add("big").add("new")).put("oi", 1)));
            JsonObject removed = edit(client, docId, 3, new JsonArray().add(new JsonObject()
                    .put("p", new JsonArray().add("big").add("k0")).put("od", big.getValue("k0"))));
            expected.remove("k0");
            expected.add("new");

            assertThat(code(replaced)).isNull();
            assertThat(code(added)).isNull();
            assertThat(code(removed)).isNull();
            JsonObject data = fetch(client, docId).getJsonObject("data").getJsonObject("big");
            assertThat(new java.util.ArrayList<>(data.fieldNames())).isEqualTo(expected);
            assertThat(data.getValue("k3")).isEqualTo("X");
        }
    }
}
