package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sequencing through the protocol: transform, dedupe of resends, catch-up and time travel. */
class SequencingTest extends ProtocolTestBase {

    private static JsonArray op(Object... components) {
        JsonArray op = new JsonArray();
        for (Object component : components) {
            op.add(component);
        }
        return op;
    }

    @Test
    void resendAfterLostAckIsAcknowledgedOnce() throws Exception {
        String docId = "resend";
        String src;
        try (ProtocolClient first = connect(); ProtocolClient watcher = connect()) {
            create(first, docId, "a");
            edit(first, docId, 1, op(1, "b"));
            edit(first, docId, 2, op(2, "c"));
            watcher.request(new JsonObject().put("a", "s").put("c", collection).put("d", docId),
                    m -> replyTo(m, "s", docId));
            src = first.connectionId;
            JsonObject ack = submit(first, docId, 3L, "op", op(3, "d"), 100);
            assertThat(ack.getLong("v")).isEqualTo(3);

            try (ProtocolClient second = ProtocolClient.connect(vertx, node.httpPort(), "tester")) {
                second.request(new JsonObject().put("a", "hs").put("id", src), m -> "hs".equals(m.getString("a")));

                JsonObject resendAck = second.request(new JsonObject().put("a", "op").put("c", collection).put("d", docId)
                        .put("v", 3).put("src", src).put("seq", 100).put("op", op(3, "d")),
                        m -> replyTo(m, "op", docId) && Long.valueOf(100).equals(m.getLong("seq")));
                JsonObject next = second.request(new JsonObject().put("a", "op").put("c", collection).put("d", docId)
                        .put("v", 4).put("seq", 101).put("op", op(4, "e")),
                        m -> replyTo(m, "op", docId) && Long.valueOf(101).equals(m.getLong("seq")));

                assertThat(resendAck.containsKey("error")).isFalse();
                assertThat(resendAck.getLong("v")).isEqualTo(3);
                assertThat(next.getLong("v")).isEqualTo(4);
                assertThat(fetch(second, docId).getString("data")).isEqualTo("abcde");
            }
            List<JsonObject> watched = watcher.drain(500);
            long copiesOfResentOp = watched.stream().filter(m -> "op".equals(m.getString("a")) && m.getLong("v") == 3).count();
            assertThat(copiesOfResentOp).isEqualTo(1);
        }
        JsonArray ops = restOps(docId);
        assertThat(ops.size()).isEqualTo(5);
        assertThat(ops.stream().filter(o -> Long.valueOf(100).equals(((JsonObject) o).getLong("seq"))).count()).isEqualTo(1);
    }

    @Test
    void concurrentOverlappingDeletesConverge() throws Exception {
        try (ProtocolClient a = connect(); ProtocolClient b = connect()) {
            String docId = "overlap";
            create(a, docId, "abcdef");

            JsonObject ackA = edit(a, docId, 1, op(1, new JsonObject().put("d", "bcd")));
            JsonObject ackB = edit(b, docId, 1, op(2, new JsonObject().put("d", "cde")));

            assertThat(ackA.getLong("v")).isEqualTo(1);
            assertThat(ackB.getLong("v")).isEqualTo(2);
            assertThat(fetch(a, docId).getString("data")).isEqualTo("af");
            JsonObject stored = restOps(docId).getJsonObject(2);
            assertThat(stored.getJsonArray("op")).isEqualTo(op(1, new JsonObject().put("d", "e")));
        }
    }

    @Test
    void identicalDeleteBecomesAcknowledgedNoop() throws Exception {
        try (ProtocolClient a = connect(); ProtocolClient b = connect()) {
            String docId = "samedelete";
            create(a, docId, "abcdef");

            edit(a, docId, 1, op(1, new JsonObject().put("d", "bcd")));
            JsonObject ackB = edit(b, docId, 1, op(1, new JsonObject().put("d", "bcd")));
            JsonObject nextB = edit(b, docId, 3, op(1, "X"));

            assertThat(ackB.containsKey("error")).isFalse();
            assertThat(ackB.getLong("v")).isEqualTo(2);
            assertThat(nextB.getLong("v")).isEqualTo(3);
            assertThat(fetch(a, docId).getString("data")).isEqualTo("aXef");
        }
    }

    @Test
    void concurrentInsertsAtSamePositionKeepServerOrder() throws Exception {
        try (ProtocolClient a = connect(); ProtocolClient b = connect()) {
            String docId = "tie";
            create(a, docId, "");

            edit(a, docId, 1, op("a"));
            edit(b, docId, 1, op("b"));

            assertThat(fetch(a, docId).getString("data")).isEqualTo("ba");
        }
    }

    @Test
    void subscribeFromVersionSendsExactlyTheMissingOps() throws Exception {
        try (ProtocolClient writer = connect(); ProtocolClient reader = connect()) {
            String docId = "catchup";
            create(writer, docId, "");
            String letters = "abcdefghijk";
            for (int i = 0; i < letters.length(); i++) {
                edit(writer, docId, i + 1, i == 0 ? op("a") : op(i, String.valueOf(letters.charAt(i))));
            }

            reader.send(new JsonObject().put("a", "s").put("c", collection).put("d", docId).put("v", 10));
            List<JsonObject> messages = reader.drain(800);

            List<Long> opVersions = messages.stream().filter(m -> "op".equals(m.getString("a")))
                    .map(m -> m.getLong("v")).toList();
            assertThat(opVersions).containsExactly(10L, 11L);
            assertThat(messages.stream().anyMatch(m -> replyTo(m, "s", docId) && !m.containsKey("error"))).isTrue();

            edit(writer, docId, 12, op(11, "l"));
            JsonObject live = reader.next(m -> "op".equals(m.getString("a")) && m.getLong("v") == 12);
            assertThat(live.getJsonArray("op")).isEqualTo(op(11, "l"));
        }
    }

    @Test
    void ackAfterUnsubscribeFollowsPriorOps() throws Exception {
        // The unsubscribe must reach the node while the op is in flight. It usually does, because
        // the two are sent together, but an ack that overtakes it goes through the stream, so the
        // case is tried on fresh documents until it happens.
        boolean unsubscribedInFlight = false;
        for (int attempt = 0; attempt < 5 && !unsubscribedInFlight; attempt++) {
            try (ProtocolClient writer = connect(); ProtocolClient typist = connect()) {
                String docId = "unsubscribed-ack-" + attempt;
                create(writer, docId, "");
                typist.request(new JsonObject().put("a", "s").put("c", collection).put("d", docId),
                        m -> replyTo(m, "s", docId));
                edit(writer, docId, 1, op("a"));
                edit(writer, docId, 2, op(1, "b"));
                typist.drain(300);

                // Sent as a subscriber, so the owner's reply leaves out the ops before it; the
                // unsubscribe ends the stream that would have delivered them.
                long seq = nextSeq();
                typist.sendTogether(new JsonObject().put("a", "op").put("c", collection).put("d", docId).put("v", 1)
                        .put("seq", seq).put("op", op("x")), new JsonObject().put("a", "u").put("c", collection)
                        .put("d", docId));
                List<JsonObject> messages = typist.drain(1500);

                int unsubscribed = messages.indexOf(messages.stream().filter(m -> replyTo(m, "u", docId))
                        .findFirst().orElseThrow());
                int acked = messages.indexOf(messages.stream().filter(m -> "op".equals(m.getString("a"))
                        && typist.connectionId.equals(m.getString("src"))).findFirst().orElseThrow());
                if (acked < unsubscribed) {
                    continue;
                }
                unsubscribedInFlight = true;
                List<JsonObject> ops = messages.subList(unsubscribed + 1, messages.size()).stream()
                        .filter(m -> "op".equals(m.getString("a"))).toList();
                assertThat(ops).extracting(m -> m.getLong("v")).containsExactly(1L, 2L, 3L);
                assertThat(ops.get(2).getString("src")).isEqualTo(typist.connectionId);
                assertThat(ops.get(2).getLong("seq")).isEqualTo(seq);
                assertThat(ops.get(2).containsKey("op")).as("an ack carries no op body").isFalse();
            }
        }
        assertThat(unsubscribedInFlight).as("an attempt in which the unsubscribe overtook the ack").isTrue();
    }

    @Test
    void bulkSubscribeAboveHeadFailsOnlyThatDocument() throws Exception {
        try (ProtocolClient writer = connect(); ProtocolClient reader = connect()) {
            create(writer, "n1", "x");
            create(writer, "n2", "y");
            edit(writer, "n2", 1, op(1, "z"));

            reader.send(new JsonObject().put("a", "bs").put("c", collection)
                    .put("b", new JsonObject().put("n1", 15).put("n2", 1)));
            List<JsonObject> messages = reader.drain(800);

            assertThat(messages).anyMatch(m -> "s".equals(m.getString("a")) && "n1".equals(m.getString("d"))
                    && "ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT".equals(code(m)));
            assertThat(messages).anyMatch(m -> "op".equals(m.getString("a")) && "n2".equals(m.getString("d"))
                    && m.getLong("v") == 1);
            JsonObject bulkReply = messages.stream().filter(m -> "bs".equals(m.getString("a"))).findFirst().orElseThrow();
            assertThat(bulkReply.getJsonObject("b").fieldNames()).containsExactly("n2");
        }
    }

    @Test
    void seqAbove32BitsIsDedupedAndStored() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = "bigseq";
            create(client, docId, "");

            JsonObject first = submit(client, docId, 1L, "op", op("a"), 2147483648L);
            JsonObject resend = submit(client, docId, 1L, "op", op("a"), 2147483648L);
            JsonObject next = submit(client, docId, 2L, "op", op(1, "b"), 2147483649L);

            assertThat(first.getLong("v")).isEqualTo(1);
            assertThat(resend.getLong("v")).isEqualTo(1);
            assertThat(next.getLong("v")).isEqualTo(2);
            assertThat(fetch(client, docId).getString("data")).isEqualTo("ab");
            assertThat(restOps(docId).getJsonObject(1).getLong("seq")).isEqualTo(2147483648L);
        }
    }

    @Test
    void snapshotByVersionAndTimestampTravelBack() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = "travel";
            create(client, docId, "one");
            edit(client, docId, 1, op(3, " two"));
            Thread.sleep(20);
            long between = System.currentTimeMillis();
            Thread.sleep(20);
            edit(client, docId, 2, op(7, " three"));

            JsonObject atTwo = client.request(new JsonObject().put("a", "nf").put("id", 1).put("c", collection)
                    .put("d", docId).put("v", 2), m -> "nf".equals(m.getString("a")));
            JsonObject atTime = client.request(new JsonObject().put("a", "nt").put("id", 2).put("c", collection)
                    .put("d", docId).put("ts", between), m -> "nt".equals(m.getString("a")));
            JsonObject beyond = client.request(new JsonObject().put("a", "nf").put("id", 3).put("c", collection)
                    .put("d", docId).put("v", 9), m -> "nf".equals(m.getString("a")));

            assertThat(atTwo.getString("data")).isEqualTo("one two");
            assertThat(atTwo.getLong("v")).isEqualTo(2);
            assertThat(atTwo.getString("type")).isEqualTo(TEXT);
            assertThat(atTime.getString("data")).isEqualTo("one two");
            assertThat(code(beyond)).isEqualTo("ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT");
        }
    }

    @Test
    void deleteThenCreateAgain() throws Exception {
        try (ProtocolClient client = connect()) {
            String docId = "recreate";
            create(client, docId, "old");

            JsonObject deleted = submit(client, docId, 1L, "del", true, nextSeq());
            JsonObject afterDelete = fetch(client, docId);
            JsonObject recreated = submit(client, docId, 2L, "create", new JsonObject().put("type", "text-unicode")
                    .put("data", "new"), nextSeq());

            assertThat(deleted.getLong("v")).isEqualTo(1);
            assertThat(afterDelete.getLong("v")).isEqualTo(2);
            assertThat(afterDelete.getString("type")).isNull();
            assertThat(recreated.getLong("v")).isEqualTo(2);
            assertThat(fetch(client, docId).getString("data")).isEqualTo("new");
        }
    }

    @Test
    void largeOpsUnderLimitDelivered() throws Exception {
        try (ProtocolClient writer = connect(); ProtocolClient reader = connect()) {
            String docId = "large";
            create(writer, docId, "");
            reader.request(new JsonObject().put("a", "s").put("c", collection).put("d", docId),
                    m -> replyTo(m, "s", docId));
            String ascii = "a".repeat(300_000);
            String emoji = "😀".repeat(70_000);

            JsonObject asciiAck = edit(writer, docId, 1, op(ascii));
            JsonObject emojiAck = edit(writer, docId, 2, op(300_000, emoji));
            JsonObject delivered = reader.next(m -> "op".equals(m.getString("a")) && m.getLong("v") == 2);

            assertThat(asciiAck.getLong("v")).isEqualTo(1);
            assertThat(emojiAck.getLong("v")).isEqualTo(2);
            assertThat(delivered.getJsonArray("op").getString(1)).isEqualTo(emoji);
            assertThat(fetch(reader, docId).getString("data")).isEqualTo(ascii + emoji);
        }
    }
}
