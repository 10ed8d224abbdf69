package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.store.PgPools;
import dev.tandem.support.ProtocolClient;
import dev.tandem.support.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Regression tests for hostile inputs: create resends, odd document ids, out-of-range times and old bases. */
class BreakFindingsTest extends ProtocolTestBase {

    /**
     * Checks the resend of a committed create that has no version. The npm client sends v: null for a
     * document it has not fetched. ShareDB acknowledges such a resend (ERR_OP_ALREADY_SUBMITTED, turned
     * into an ack by its agent). Tandem replies ERR_DOC_ALREADY_CREATED, so the client rolls back a
     * stored create.
     */
    @Test
    void createResendWithoutVersionAcknowledged() throws Exception {
        String docId = "create-resend";
        JsonObject create = new JsonObject().put("a", "op").put("c", collection).put("d", docId)
                .putNull("v").put("seq", 7).put("create", new JsonObject().put("type", TEXT).put("data", "abc"));
        String src;
        try (ProtocolClient first = connect()) {
            src = first.connectionId;
            JsonObject ack = first.request(create.copy().put("src", src),
                    m -> replyTo(m, "op", docId) && Long.valueOf(7).equals(m.getLong("seq")));
            assertThat(ack.containsKey("error")).isFalse();
        }
        try (ProtocolClient second = ProtocolClient.connect(vertx, node.httpPort(), "tester")) {
            second.request(new JsonObject().put("a", "hs").put("id", src), m -> "hs".equals(m.getString("a")));
            JsonObject resendAck = second.request(create.copy().put("src", src),
                    m -> replyTo(m, "op", docId) && Long.valueOf(7).equals(m.getLong("seq")));

            assertThat(code(resendAck)).isNull();
            assertThat(resendAck.getLong("v")).isEqualTo(0);
        }
        assertThat(restOps(docId).size()).isEqualTo(1);
    }

    /**
     * Checks a document id with a lone surrogate. The node stores it with '?' in place of the
     * surrogate, so distinct ids share one document. The creator receives ERR_DOC_ALREADY_CREATED
     * although its create was committed. Expected: ERR_MESSAGE_BADLY_FORMED and nothing stored.
     */
    @Test
    void loneSurrogateIdRejected() throws Exception {
        try (ProtocolClient client = connect()) {
            client.sendText("{\"a\":\"op\",\"c\":\"" + collection + "\",\"d\":\"lone\\uD83D\",\"v\":null,\"seq\":1,"
                    + "\"create\":{\"type\":\"text-unicode\",\"data\":\"first\"}}");
            JsonObject reply = client.next(m -> "op".equals(m.getString("a")) && Long.valueOf(1).equals(m.getLong("seq")));

            assertThat(code(reply)).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
        }
        HttpResponse<String> aliased = http(HttpRequest.newBuilder(URI.create(
                url("/api/v1/documents/" + collection + "/lone%3F"))));
        assertThat(aliased.statusCode()).isEqualTo(404);
    }

    /** Checks that a NUL in a document id is a client error, not a store failure (ERR_UNKNOWN_ERROR, 503). */
    @Test
    void nulInIdBadlyFormed() throws Exception {
        try (ProtocolClient client = connect()) {
            client.sendText("{\"a\":\"f\",\"c\":\"" + collection + "\",\"d\":\"nul\\u0000\"}");
            JsonObject reply = client.next(m -> "f".equals(m.getString("a")));

            assertThat(code(reply)).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
        }
        HttpResponse<String> rest = http(HttpRequest.newBuilder(URI.create(
                url("/api/v1/documents/" + collection + "/nul%00"))));
        assertThat(rest.statusCode()).isEqualTo(400);
    }

    /**
     * Checks that a create sent as a form, as {@code curl -d} sends it, gets a problem body. Over a
     * few kilobytes Vert.x's form decoder used to reply with a bare 400 and no code.
     */
    @Test
    void formEncodedCreateGets415() throws Exception {
        String body = "{\"type\":\"text-unicode\",\"data\":\"" + "x".repeat(3000) + "\"}";
        HttpResponse<String> response = http(HttpRequest.newBuilder(URI.create(url("/api/v1/documents/" + collection
                + "/form"))).header("Content-Type", "application/x-www-form-urlencoded").header("X-Tandem-User", "ada")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(new JsonObject(response.body()).getString("code")).isEqualTo("ERR_MESSAGE_BADLY_FORMED");
        HttpResponse<String> missing = http(HttpRequest.newBuilder(URI.create(url("/api/v1/documents/" + collection
                + "/form"))).header("X-Tandem-User", "ada"));
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    /** Checks that an ISO-8601 instant outside the range of epoch milliseconds returns 400, not 500. */
    @Test
    void restAtOutOfRange() throws Exception {
        http(HttpRequest.newBuilder(URI.create(url("/api/v1/documents/" + collection + "/when")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"text-unicode\",\"data\":\"x\"}")));
        HttpResponse<String> response = http(HttpRequest.newBuilder(URI.create(
                url("/api/v1/documents/" + collection + "/when?at=-999999999-01-01T00:00:00Z"))));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    /**
     * Checks that one op with an old base version does not stall other documents. The node reads every
     * op since the base version and transforms the op through them on the event loop of the document
     * verticle, which serves all documents. With 200,000 ops of history that blocks it for seconds.
     */
    @Test
    void oldBaseOpDoesNotStallOthers() throws Exception {
        String pgUrl = System.getenv().getOrDefault("TANDEM_PG_URL", TestNode.DEFAULT_PG_URL);
        Assumptions.assumeFalse(pgUrl.isBlank(), "writing a long history needs an external PostgreSQL");
        String docId = "long-history";
        long history = 200_000;
        Pool pool = PgPools.create(vertx, pgUrl, 1);
        try {
            sql(pool, "INSERT INTO documents VALUES ($1, $2, 'tester', 0)", Tuple.of(collection, docId));
            sql(pool, "INSERT INTO ops VALUES ($1, $2, 0, 'create', $3, '\"\"', 'tester', 0, 0, 'tester')",
                    Tuple.of(collection, docId, TEXT));
            sql(pool, "INSERT INTO ops SELECT $1, $2, g, 'op', NULL, '[\"x\"]', 'tester', g, 0, 'tester'"
                    + " FROM generate_series(1, $3::bigint) g", Tuple.of(collection, docId, history));
            sql(pool, "INSERT INTO snapshots VALUES ($1, $2, $3, $4, '\"' || repeat('x', $5) || '\"', 0)",
                    Tuple.of(collection, docId, history + 1, TEXT, (int) history));
        } finally {
            pool.close();
        }
        try (ProtocolClient attacker = connect(); ProtocolClient other = connect()) {
            assertThat(fetch(attacker, docId).getLong("v")).isEqualTo(history + 1);
            create(other, "bystander", "");

            attacker.send(new JsonObject().put("a", "op").put("c", collection).put("d", docId).put("v", 1)
                    .put("seq", nextSeq()).put("op", new JsonArray().add("Q")));
            long slowest = 0;
            for (long version = 1; version <= 12; version++) {
                long started = System.nanoTime();
                JsonObject ack = edit(other, "bystander", version, new JsonArray().add("a"));
                slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                assertThat(code(ack)).isNull();
                Thread.sleep(500);
            }

            assertThat(slowest).isLessThan(1000);
        }
    }

    private static void sql(Pool pool, String statement, Tuple arguments) throws Exception {
        pool.preparedQuery(statement).execute(arguments).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }
}
