package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Regression tests for hostile inputs: create resends, odd document ids and out-of-range times. */
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
}
