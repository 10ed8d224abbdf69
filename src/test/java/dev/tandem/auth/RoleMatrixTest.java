package dev.tandem.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.ProtocolClient;
import dev.tandem.support.TestNode;
import dev.tandem.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role against every action, over the protocol and REST, on a node in jwt mode. Each case gets
 * a fresh document that its owner creates and shares at one role; a denied action must get its
 * error and change nothing.
 */
class RoleMatrixTest {

    private static final String TEXT = "http://sharejs.org/types/text-unicode";
    private static TestNode node;
    private static Vertx vertx;
    private static Tokens tokens;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String collection = "acl" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final AtomicLong seq = new AtomicLong();

    @BeforeAll
    static void startNode() throws Exception {
        node = TestNode.start(Map.of("TANDEM_AUTH_MODE", "jwt", "TANDEM_JWT_SECRET", Tokens.SECRET,
                "TANDEM_JWT_ISSUER", Tokens.ISSUER, "TANDEM_JWT_AUDIENCE", Tokens.AUDIENCE));
        vertx = Vertx.vertx();
        tokens = new Tokens(vertx);
    }

    @AfterAll
    static void stopNode() {
        vertx.close();
        node.close();
    }

    /** A role given to the subject, or to everyone when {@code grantee} is {@code *}, and what it allows. */
    record Case(String name, String grantee, String role, boolean read, boolean edit, boolean own) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("none", null, null, false, false, false),
                new Case("viewer", "subject", "viewer", true, false, false),
                new Case("commenter", "subject", "commenter", true, false, false),
                new Case("editor", "subject", "editor", true, true, false),
                new Case("owner", "subject", "owner", true, true, true),
                new Case("public viewer", "*", "viewer", true, false, false),
                new Case("public editor", "*", "editor", true, true, false)).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roleAllowsOnlyItsActions(Case role) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner-" + suffix;
        String subject = "subject-" + suffix;
        String docId = "d-" + suffix;
        try (ProtocolClient ownerClient = connect(owner)) {
            assertThat(submit(ownerClient, docId, null, "create", new JsonObject().put("type", TEXT).put("data", "abc"))
                    .containsKey("error")).isFalse();
            if (role.grantee() != null) {
                String grantee = role.grantee().equals("*") ? "*" : subject;
                assertThat(rest("PUT", owner, docId, "/acl/" + grantee, new JsonObject().put("role", role.role())).statusCode())
                        .isEqualTo(204);
            }

            try (ProtocolClient client = connect(subject)) {
                JsonObject fetched = client.request(new JsonObject().put("a", "f").put("c", collection).put("d", docId),
                        m -> isReply(m, "f", docId));
                expect(fetched, role.read(), "ERR_DOC_READ_UNAUTHORIZED");
                if (role.read()) {
                    assertThat(fetched.getJsonObject("data").getString("data")).isEqualTo("abc");
                }

                JsonObject subscribed = client.request(new JsonObject().put("a", "s").put("c", collection).put("d", docId),
                        m -> isReply(m, "s", docId));
                expect(subscribed, role.read(), "ERR_DOC_READ_UNAUTHORIZED");

                JsonObject snapshot = client.request(new JsonObject().put("a", "nf").put("c", collection).put("d", docId)
                        .put("id", 7).put("v", 1), m -> "nf".equals(m.getString("a")) && Integer.valueOf(7).equals(m.getValue("id")));
                expect(snapshot, role.read(), "ERR_DOC_READ_UNAUTHORIZED");

                assertThat(rest("GET", subject, docId, "/ops", null).statusCode()).isEqualTo(role.read() ? 200 : 403);
                assertThat(rest("GET", subject, docId, "", null).statusCode()).isEqualTo(role.read() ? 200 : 403);

                JsonObject presence = client.request(new JsonObject().put("a", "ps").put("ch", collection + "." + docId)
                        .put("seq", 1), m -> "ps".equals(m.getString("a")));
                expect(presence, role.read(), "ERR_PRESENCE_UNAUTHORIZED");

                JsonObject edited = submit(client, docId, 1L, "op", new JsonArray().add(3).add("!"));
                expect(edited, role.edit(), "ERR_OP_SUBMIT_UNAUTHORIZED");
                long version = role.edit() ? 2 : 1;
                assertThat(ownerFetch(ownerClient, docId).getLong("v")).isEqualTo(version);

                HttpResponse<String> granted = rest("PUT", subject, docId, "/acl/third-" + suffix,
                        new JsonObject().put("role", "viewer"));
                assertThat(granted.statusCode()).isEqualTo(role.own() ? 204 : 403);
                assertThat(rest("GET", subject, docId, "/acl", null).statusCode()).isEqualTo(role.own() ? 200 : 403);
                JsonObject grants = new JsonObject(rest("GET", owner, docId, "/acl", null).body()).getJsonObject("grants");
                assertThat(grants.containsKey("third-" + suffix)).isEqualTo(role.own());

                JsonObject deleted = submit(client, docId, version, "del", true);
                expect(deleted, role.own(), "ERR_OP_SUBMIT_UNAUTHORIZED");
                JsonObject after = ownerFetch(ownerClient, docId);
                assertThat(after.getLong("v")).isEqualTo(role.own() ? version + 1 : version);
                assertThat(after.getValue("type") != null).isEqualTo(!role.own());
            }
        }
    }

    private static void expect(JsonObject reply, boolean allowed, String deniedCode) {
        if (allowed) {
            assertThat(reply.getJsonObject("error")).as("reply %s", reply).isNull();
        } else {
            assertThat(reply.getJsonObject("error")).as("reply %s", reply).isNotNull();
            assertThat(reply.getJsonObject("error").getString("code")).isEqualTo(deniedCode);
        }
    }

    private ProtocolClient connect(String user) throws Exception {
        ProtocolClient client = ProtocolClient.connect(vertx, new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(node.httpPort()).setURI("/sharedb?access_token=" + tokens.valid(user)));
        client.request(new JsonObject().put("a", "hs").put("protocol", 1).put("protocolMinor", 2),
                m -> "hs".equals(m.getString("a")));
        return client;
    }

    private JsonObject ownerFetch(ProtocolClient owner, String docId) throws Exception {
        return owner.request(new JsonObject().put("a", "f").put("c", collection).put("d", docId),
                m -> isReply(m, "f", docId)).getJsonObject("data");
    }

    private JsonObject submit(ProtocolClient client, String docId, Long version, String field, Object value) throws Exception {
        long seqNumber = seq.incrementAndGet();
        JsonObject message = new JsonObject().put("a", "op").put("c", collection).put("d", docId).put("v", version)
                .put("seq", seqNumber).put(field, value);
        return client.request(message, m -> isReply(m, "op", docId) && Long.valueOf(seqNumber).equals(m.getLong("seq"))
                && (m.containsKey("error") || !m.containsKey(field) || client.connectionId.equals(m.getString("src"))));
    }

    private static boolean isReply(JsonObject message, String action, String docId) {
        return action.equals(message.getString("a")) && docId.equals(message.getString("d"));
    }

    private HttpResponse<String> rest(String method, String user, String docId, String path, JsonObject body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
                        + "/api/v1/documents/" + collection + "/" + docId + path))
                .header("Authorization", "Bearer " + tokens.valid(user));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body.encode()));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
