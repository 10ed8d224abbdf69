package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.document.DocumentSize;
import dev.tandem.support.ProtocolClient;
import dev.tandem.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The document size limit on a node with a small one. An op is rejected with
 * ERR_DOCUMENT_TOO_LARGE exactly when the document it would make is above the limit, counted in
 * UTF-8. The document, the connection and later ops are unaffected.
 */
class DocumentSizeLimitTest extends ProtocolTestBase {

    private static final long LIMIT = 2000;
    private static final String JSON0 = "http://sharejs.org/types/JSONv0";
    private static final String RICH_TEXT = "http://sharejs.org/types/rich-text/v1";

    /** Hides the base class's node start so that this class's node has a small document limit. */
    @BeforeAll
    static void startNode() throws Exception {
        node = TestNode.start(Map.of("TANDEM_MAX_DOCUMENT_BYTES", String.valueOf(LIMIT)));
        vertx = Vertx.vertx();
    }

    @Test
    void textCountsMultibyteCharactersInUtf8() throws Exception {
        try (ProtocolClient writer = connect("text-writer")) {
            String docId = "cjk";
            assertThat(code(create(writer, docId, ""))).isNull();
            String chunk = "中".repeat(100);

            // 300 bytes each: six fit in 2000 bytes and the seventh does not.
            for (int i = 0; i < 6; i++) {
                assertThat(code(edit(writer, docId, 1 + i, new JsonArray().add(chunk)))).isNull();
            }
            JsonObject rejected = edit(writer, docId, 7, new JsonArray().add(chunk));

            assertThat(code(rejected)).isEqualTo("ERR_DOCUMENT_TOO_LARGE");
            JsonObject snapshot = fetch(writer, docId);
            assertThat(snapshot.getLong("v")).isEqualTo(7);
            assertThat(snapshot.getString("data")).isEqualTo(chunk.repeat(6));
            assertThat(code(edit(writer, docId, 7, new JsonArray().add("a".repeat(200))))).isNull();
        }
    }

    @Test
    void insertDeleteChurnNeverHitsLimit() throws Exception {
        try (ProtocolClient writer = connect("churn-writer")) {
            String docId = "churn";
            assertThat(code(create(writer, docId, "x".repeat(1500)))).isNull();
            String chunk = "y".repeat(400);
            long version = 1;

            // Each pair inserts 400 bytes and deletes them, so the document stays at 1500 bytes
            // while the ops inserted add up to many times the limit.
            for (int i = 0; i < 20; i++) {
                assertThat(code(edit(writer, docId, version++, new JsonArray().add(chunk)))).isNull();
                assertThat(code(edit(writer, docId, version++, new JsonArray().add(new JsonObject().put("d", 400)))))
                        .isNull();
            }

            assertThat(code(edit(writer, docId, version++, new JsonArray().add("z".repeat(500))))).isNull();
            assertThat(code(edit(writer, docId, version, new JsonArray().add("z")))).isEqualTo("ERR_DOCUMENT_TOO_LARGE");
            assertThat(fetch(writer, docId).getString("data")).isEqualTo("z".repeat(500) + "x".repeat(1500));
        }
    }

    @Test
    void documentOverLoweredLimitCanStillShrink() throws Exception {
        String docId = "lowered";
        createAboveLimit(docId, TEXT, "x".repeat(3000));

        try (ProtocolClient writer = connect("shrinker")) {
            JsonObject grown = edit(writer, docId, 1, new JsonArray().add("y"));
            JsonObject shrunk = edit(writer, docId, 1, new JsonArray().add(new JsonObject().put("d", 500)));

            assertThat(code(grown)).isEqualTo("ERR_DOCUMENT_TOO_LARGE");
            assertThat(code(shrunk)).isNull();
            assertThat(fetch(writer, docId).getString("data")).isEqualTo("x".repeat(2500));
        }
    }

    @Test
    void richTextOverLoweredLimitCanStillShrink() throws Exception {
        String docId = "lowered-rich";
        createAboveLimit(docId, RICH_TEXT,
                new JsonObject().put("ops", new JsonArray().add(new JsonObject().put("insert", "x".repeat(3000)))));

        try (ProtocolClient writer = connect("rich-shrinker")) {
            JsonObject grown = submit(writer, docId, 1L, "op", new JsonArray().add(new JsonObject().put("insert", "y")),
                    nextSeq());
            JsonObject shrunk = submit(writer, docId, 1L, "op", new JsonArray().add(new JsonObject().put("delete", 500)),
                    nextSeq());

            assertThat(code(grown)).isEqualTo("ERR_DOCUMENT_TOO_LARGE");
            assertThat(code(shrunk)).isNull();
        }
    }

    /**
     * Creates a document above this node's limit through another node with a higher one, as a
     * node restarted with a lower limit would find it.
     */
    private void createAboveLimit(String docId, String type, Object data) throws Exception {
        try (TestNode roomy = TestNode.start(Map.of("TANDEM_MAX_DOCUMENT_BYTES", "100000"));
                ProtocolClient early = ProtocolClient.connect(vertx, roomy.httpPort(), "early")) {
            early.request(new JsonObject().put("a", "hs").put("protocol", 1).put("protocolMinor", 2),
                    m -> "hs".equals(m.getString("a")));
            JsonObject created = early.request(new JsonObject().put("a", "op").put("c", collection).put("d", docId)
                    .put("v", (Object) null).put("seq", 1).put("create", new JsonObject().put("type", type)
                            .put("data", data)), m -> replyTo(m, "op", docId));
            assertThat(code(created)).isNull();
        }
    }

    @Test
    void json0RejectsTheFirstInsertOverTheLimit() throws Exception {
        try (ProtocolClient writer = connect("json-writer")) {
            String docId = "list";
            JsonObject created = submit(writer, docId, null, "create",
                    new JsonObject().put("type", JSON0).put("data", new JsonObject().put("items", new JsonArray())), nextSeq());
            assertThat(code(created)).isNull();
            List<Object> items = new ArrayList<>();
            long version = 1;

            String rejection = null;
            while (rejection == null && items.size() < 100) {
                String item = "é item " + items.size() + " " + "-".repeat(40);
                JsonArray op = new JsonArray().add(new JsonObject().put("p", new JsonArray().add("items").add(items.size()))
                        .put("li", item));
                rejection = code(submit(writer, docId, version, "op", op, nextSeq()));
                if (rejection == null) {
                    items.add(item);
                    version++;
                } else {
                    List<Object> wouldBe = new ArrayList<>(items);
                    wouldBe.add(item);
                    assertThat(DocumentSize.exact(Map.of("items", wouldBe), Long.MAX_VALUE)).isGreaterThan(LIMIT);
                }
            }

            assertThat(rejection).isEqualTo("ERR_DOCUMENT_TOO_LARGE");
            assertThat(DocumentSize.exact(Map.of("items", items), Long.MAX_VALUE)).isLessThanOrEqualTo(LIMIT);
            JsonObject snapshot = fetch(writer, docId);
            assertThat(snapshot.getLong("v")).isEqualTo(version);
            assertThat(snapshot.getJsonObject("data").getJsonArray("items").getList()).isEqualTo(items);
        }
    }

    @Test
    void richTextCountsAttributesCopiedBySplits() throws Exception {
        try (ProtocolClient writer = connect("rich-writer")) {
            String docId = "linked";
            String link = "https://example.com/" + "x".repeat(100);
            JsonObject data = new JsonObject().put("ops", new JsonArray().add(new JsonObject()
                    .put("insert", "abcdefghijklmnopqrst").put("attributes", new JsonObject().put("link", link))));
            assertThat(code(submit(writer, docId, null, "create", new JsonObject().put("type", RICH_TEXT).put("data", data),
                    nextSeq()))).isNull();

            // Bolding every other character splits the run into 20 pieces that each carry the link:
            // far more than 2000 bytes, from an op of a few hundred.
            JsonArray op = new JsonArray();
            for (int i = 0; i < 10; i++) {
                op.add(new JsonObject().put("retain", 1));
                op.add(new JsonObject().put("retain", 1).put("attributes", new JsonObject().put("bold", true)));
            }
            JsonObject rejected = submit(writer, docId, 1L, "op", op, nextSeq());

            assertThat(code(rejected)).isEqualTo("ERR_DOCUMENT_TOO_LARGE");
            assertThat(fetch(writer, docId).getLong("v")).isEqualTo(1);
            JsonArray small = new JsonArray().add(new JsonObject().put("retain", 2).put("attributes",
                    new JsonObject().put("bold", true)));
            assertThat(code(submit(writer, docId, 1L, "op", small, nextSeq()))).isNull();
        }
    }
}
