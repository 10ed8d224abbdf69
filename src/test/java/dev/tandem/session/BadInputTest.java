package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Each bad input gets an error in ShareDB's shape, changes no document, and leaves the connection
 * usable: the test then submits a valid op on the same socket.
 */
class BadInputTest extends ProtocolTestBase {

    /** Asserts that "abc" at v1 is unchanged, then that a valid op on the same socket is acknowledged. */
    private void assertUnchangedAndUsable(ProtocolClient client, String docId) throws Exception {
        JsonObject snapshot = fetch(client, docId);
        assertThat(snapshot.getLong("v")).isEqualTo(1);
        assertThat(snapshot.getString("data")).isEqualTo("abc");

        JsonObject ack = edit(client, docId, 1, new JsonArray().add(3).add("d"));
        assertThat(ack.containsKey("error")).as("valid op after the bad input: %s", ack).isFalse();
        assertThat(ack.getLong("v")).isEqualTo(1);
    }

    private String createAbc(ProtocolClient client) throws Exception {
        String docId = "doc" + nextSeq();
        JsonObject ack = create(client, docId, "abc");
        assertThat(ack.containsKey("error")).as("create: %s", ack).isFalse();
        return docId;
    }

    private JsonObject sendRaw(ProtocolClient client, String text) throws Exception {
        client.sendText(text);
        return client.next(m -> m.containsKey("error"));
    }

    @Test
    void malformedJsonIsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);

            JsonObject reply = sendRaw(client, "{\"a\":\"op\",");

            assertThat(code(reply)).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void jsonArrayFrameIsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);

            JsonObject reply = sendRaw(client, "[1,2,3]");

            assertThat(code(reply)).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void unknownActionIsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);

            JsonObject reply = sendRaw(client, "{\"a\":\"zz\",\"c\":\"" + collection + "\",\"d\":\"" + docId + "\"}");

            assertThat(code(reply)).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
            assertThat(reply.getString("a")).isEqualTo("zz");
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void opWithoutCollectionOrIdIsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);

            JsonObject reply = sendRaw(client, "{\"a\":\"op\"}");
            JsonObject fetchReply = sendRaw(client, "{\"a\":\"f\",\"d\":\"" + docId + "\"}");

            assertThat(code(reply)).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
            assertThat(code(fetchReply)).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void wrongValueTypesAreRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);
            String prefix = "{\"a\":\"op\",\"c\":\"" + collection + "\",\"d\":\"" + docId + "\",";

            JsonObject negativeVersion = sendRaw(client, prefix + "\"v\":-1,\"seq\":90,\"op\":[3,\"x\"]}");
            JsonObject stringVersion = sendRaw(client, prefix + "\"v\":\"1\",\"seq\":91,\"op\":[3,\"x\"]}");
            JsonObject fractionalSeq = sendRaw(client, prefix + "\"v\":1,\"seq\":1.5,\"op\":[3,\"x\"]}");
            JsonObject numericCollection = sendRaw(client, "{\"a\":\"f\",\"c\":5,\"d\":\"" + docId + "\"}");

            assertThat(code(negativeVersion)).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
            assertThat(code(stringVersion)).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
            assertThat(code(fractionalSeq)).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
            assertThat(code(numericCollection)).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void seqAtSafeIntegerLimitRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);

            JsonObject reply = submit(client, docId, 1L, "op", new JsonArray().add(3).add("x"), 9007199254740991L);

            assertThat(code(reply)).isEqualTo("ERR_CONNECTION_SEQ_INTEGER_OVERFLOW");
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void opOnMissingDocumentIsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);

            JsonObject reply = edit(client, "missing" + nextSeq(), 0, new JsonArray().add("x"));

            assertThat(code(reply)).isEqualTo("ERR_DOC_DOES_NOT_EXIST");
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void baseVersionAheadOfHeadIsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);

            JsonObject reply = edit(client, docId, 7, new JsonArray().add("x"));

            assertThat(code(reply)).isEqualTo("ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT");
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void opThatDoesNotApplyIsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);

            JsonObject pastEnd = edit(client, docId, 1, new JsonArray().add(1).add(new JsonObject().put("d", 5)));
            JsonObject wrongText = edit(client, docId, 1, new JsonArray().add(new JsonObject().put("d", "xy")));
            JsonObject badShape = edit(client, docId, 1, new JsonArray().add(new JsonObject().put("foo", 1)));

            assertThat(code(pastEnd)).isEqualTo("ERR_OT_OP_NOT_APPLIED");
            assertThat(code(wrongText)).isEqualTo("ERR_OT_OP_NOT_APPLIED");
            assertThat(code(badShape)).isEqualTo("ERR_OT_OP_BADLY_FORMED");
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void createOverExistingDocumentIsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);

            JsonObject reply = submit(client, docId, 1L, "create", new JsonObject().put("type", TEXT).put("data", "zzz"),
                    nextSeq());

            assertThat(code(reply)).isEqualTo("ERR_DOC_ALREADY_CREATED");
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void unknownTypeIsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);
            String other = "other" + nextSeq();

            JsonObject reply = submit(client, other, null, "create",
                    new JsonObject().put("type", "http://example.com/no-such-type").put("data", "x"), nextSeq());

            assertThat(code(reply)).isEqualTo("ERR_DOC_TYPE_NOT_RECOGNIZED");
            assertThat(fetch(client, other).getLong("v")).isZero();
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void oversizedMessageRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);
            String big = "x".repeat(1024 * 1024 + 10);

            JsonObject reply = sendRaw(client, new JsonObject().put("a", "op").put("c", collection).put("d", docId)
                    .put("v", 1).put("seq", nextSeq()).put("op", new JsonArray().add(3).add(big)).encode());

            assertThat(code(reply)).isEqualTo("ERR_MESSAGE_TOO_LARGE");
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void deeplyNestedJsonIsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);
            String nested = "[".repeat(500) + "]".repeat(500);

            JsonObject reply = sendRaw(client, "{\"a\":\"op\",\"c\":\"" + collection + "\",\"d\":\"" + docId
                    + "\",\"v\":1,\"seq\":77,\"op\":" + nested + "}");

            assertThat(code(reply)).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
            assertUnchangedAndUsable(client, docId);
        }
    }

    @Test
    void halfEmojiOpsRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = "emoji" + nextSeq();
            create(client, docId, "a😀b");

            // Lone surrogates can only reach the server as JSON escapes: UTF-8 cannot carry them.
            JsonObject deleteHalf = sendEscaped(client, docId, "[1,{\"d\":\"\\uD83D\"}]");
            JsonObject insertHigh = sendEscaped(client, docId, "[1,\"\\uD83D\"]");
            JsonObject insertLow = sendEscaped(client, docId, "[1,\"\\uDE00x\"]");
            JsonObject pastEnd = edit(client, docId, 1, new JsonArray().add(5).add("X"));
            JsonObject unchanged = fetch(client, docId);
            JsonObject deleteWhole = edit(client, docId, 1, new JsonArray().add(1).add(new JsonObject().put("d", "😀")));

            assertThat(code(deleteHalf)).isEqualTo("ERR_OT_OP_BADLY_FORMED");
            assertThat(code(insertHigh)).isEqualTo("ERR_OT_OP_BADLY_FORMED");
            assertThat(code(insertLow)).isEqualTo("ERR_OT_OP_BADLY_FORMED");
            assertThat(code(pastEnd)).isEqualTo("ERR_OT_OP_NOT_APPLIED");
            assertThat(unchanged.getString("data")).isEqualTo("a😀b");
            assertThat(code(deleteWhole)).isNull();
            assertThat(fetch(client, docId).getString("data")).isEqualTo("ab");
        }
    }

    private JsonObject sendEscaped(ProtocolClient client, String docId, String opJson) throws Exception {
        long seqNumber = nextSeq();
        client.sendText("{\"a\":\"op\",\"c\":\"" + collection + "\",\"d\":\"" + docId + "\",\"v\":1,\"seq\":"
                + seqNumber + ",\"op\":" + opJson + "}");
        return client.next(m -> replyTo(m, "op", docId) && Long.valueOf(seqNumber).equals(m.getLong("seq")));
    }

    @Test
    void queriesAnswerNotSupported() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = createAbc(client);

            JsonObject query = sendRaw(client, "{\"a\":\"qf\",\"id\":1,\"c\":\"" + collection + "\",\"q\":{}}");
            JsonObject subscribe = sendRaw(client, "{\"a\":\"qs\",\"id\":2,\"c\":\"" + collection + "\",\"q\":{}}");

            assertThat(code(query)).isEqualTo("ERR_NOT_SUPPORTED");
            assertThat(code(subscribe)).isEqualTo("ERR_NOT_SUPPORTED");
            assertUnchangedAndUsable(client, docId);
        }
    }
}
