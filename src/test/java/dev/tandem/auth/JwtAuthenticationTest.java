package dev.tandem.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.support.ProtocolClient;
import dev.tandem.support.TestNode;
import dev.tandem.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication in jwt mode: where the token may come from, what is rejected with which reason,
 * and what happens while authentication is slow. The node delays every authentication by 300 ms,
 * as a slow key server would, and tolerates no clock skew.
 */
class JwtAuthenticationTest {

    private static final long AUTH_DELAY_MILLIS = 300;
    private static TestNode node;
    private static Vertx vertx;
    private static Tokens tokens;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String collection = "jwt" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @BeforeAll
    static void startNode() throws Exception {
        node = TestNode.start(Map.of("TANDEM_AUTH_MODE", "jwt", "TANDEM_JWT_SECRET", Tokens.SECRET,
                "TANDEM_JWT_ISSUER", Tokens.ISSUER, "TANDEM_JWT_AUDIENCE", Tokens.AUDIENCE,
                "TANDEM_JWT_CLOCK_SKEW", "0", "TANDEM_TEST_AUTH_DELAY_MILLIS", String.valueOf(AUTH_DELAY_MILLIS)));
        vertx = Vertx.vertx();
        tokens = new Tokens(vertx);
    }

    @AfterAll
    static void stopNode() {
        vertx.close();
        node.close();
    }

    @Test
    void queryTokenNamesTheUserBySub() throws Exception {
        String user = "ada-" + UUID.randomUUID();

        try (ProtocolClient client = connect("/sharedb?access_token=" + tokens.valid(user))) {
            JsonObject created = client.request(new JsonObject().put("a", "op").put("c", collection).put("d", "q")
                    .put("seq", 1).put("create", new JsonObject().put("type", "text-unicode").put("data", "hi")),
                    m -> "op".equals(m.getString("a")));

            assertThat(created.getJsonObject("error")).isNull();
        }

        HttpResponse<String> acl = rest("/api/v1/documents/" + collection + "/q/acl", "Bearer " + tokens.valid(user));
        assertThat(new JsonObject(acl.body()).getJsonObject("grants").getMap()).containsEntry(user, "owner");
    }

    @Test
    void subprotocolTokenConnectsAndSharedbIsSelected() throws Exception {
        WebSocketConnectOptions options = options("/sharedb").addSubProtocol("sharedb")
                .addSubProtocol("access_token." + tokens.valid("grace"));

        try (ProtocolClient client = ProtocolClient.connect(vertx, options)) {
            assertThat(client.subProtocol()).isEqualTo("sharedb");
        }
    }

    @Test
    void missingTokenGets401BeforeAnyMessage() throws Exception {
        assertRejected("/sharedb", "Missing access token");
        HttpResponse<String> rest = rest("/api/v1/documents/" + collection + "/x", null);

        assertThat(rest.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(rest.body()).getString("detail")).startsWith("Missing access token");
        assertThat(new JsonObject(rest.body()).getString("code")).isEqualTo("ERR_UNAUTHENTICATED");
        assertThat(rest.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void badSignatureIsRejected() throws Exception {
        String forged = new Tokens(vertx, "another-secret-that-is-32-bytes-long!!").valid("mallory");

        assertRejected("/sharedb?access_token=" + forged, "The token is invalid or its signature does not verify");
        assertThat(rest("/api/v1/documents/" + collection + "/x", "Bearer " + forged).statusCode()).isEqualTo(401);
    }

    @Test
    void wrongIssuerIsRejected() throws Exception {
        String token = tokens.sign(new JsonObject().put("sub", "u").put("iss", "https://other.test")
                .put("aud", Tokens.AUDIENCE), 3600);

        assertRejected("/sharedb?access_token=" + token, "The token's issuer is not accepted");
    }

    @Test
    void wrongAudienceIsRejected() throws Exception {
        String token = tokens.sign(new JsonObject().put("sub", "u").put("iss", Tokens.ISSUER).put("aud", "other"), 3600);

        assertRejected("/sharedb?access_token=" + token, "The token's audience is not accepted");
    }

    @Test
    void expiredTokenIsRejected() throws Exception {
        String token = tokens.sign(new JsonObject().put("sub", "u").put("iss", Tokens.ISSUER).put("aud", Tokens.AUDIENCE), -60);

        assertRejected("/sharedb?access_token=" + token, "The token has expired");
    }

    @Test
    void tokenWithoutSubIsRejected() throws Exception {
        String token = tokens.sign(new JsonObject().put("iss", Tokens.ISSUER).put("aud", Tokens.AUDIENCE), 3600);

        assertRejected("/sharedb?access_token=" + token, "The token has no valid 'sub' claim naming the user");
    }

    @Test
    void connectionClosesWhenItsTokenExpires() throws Exception {
        String token = tokens.sign(new JsonObject().put("sub", "brief").put("iss", Tokens.ISSUER)
                .put("aud", Tokens.AUDIENCE), 2);

        try (ProtocolClient client = connect("/sharedb?access_token=" + token)) {
            JsonObject closed = client.next(m -> "__closed".equals(m.getString("a")));

            assertThat(closed.getInteger("status")).isEqualTo(4401);
            assertThat(closed.getString("reason")).isEqualTo("Access token expired; reconnect with a new token");
        }
    }

    @Test
    void sockJsRequestsNeedAToken() throws Exception {
        assertThat(rest("/sockjs/info", null).statusCode()).isEqualTo(401);
        assertThat(rest("/sockjs/info?access_token=" + tokens.valid("sockjs-user"), null).statusCode()).isEqualTo(200);
    }

    /** Messages sent as soon as the socket opens, after a slow authentication, are processed in order. */
    @Test
    void messagesRightAfterSlowAuthenticationRunInOrder() throws Exception {
        long started = System.nanoTime();
        try (ProtocolClient client = connect("/sharedb?access_token=" + tokens.valid("eager"))) {
            long connectMillis = (System.nanoTime() - started) / 1_000_000;

            client.send(new JsonObject().put("a", "hs").put("protocol", 1).put("protocolMinor", 2));
            client.send(new JsonObject().put("a", "s").put("c", collection).put("d", "eager"));
            JsonObject first = client.next(m -> !"init".equals(m.getString("a")));
            JsonObject second = client.next(m -> true);

            assertThat(connectMillis).isGreaterThanOrEqualTo(AUTH_DELAY_MILLIS);
            assertThat(first.getString("a")).isEqualTo("hs");
            assertThat(second.getString("a")).isEqualTo("s");
            assertThat(second.getJsonObject("error")).isNull();
        }
    }

    /**
     * A client that sends its frames right behind a rejected upgrade request, without waiting for the
     * reply, gets a 401 and none of its messages is processed.
     */
    @Test
    void framesBehindRejectedUpgradeAreNotProcessed() throws Exception {
        String docId = "pipelined-" + UUID.randomUUID();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("GET /sharedb?access_token=not.a.token HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        request.write(maskedTextFrame(new JsonObject().put("a", "hs").put("protocol", 1).encode()));
        request.write(maskedTextFrame(new JsonObject().put("a", "op").put("c", collection).put("d", docId).put("seq", 1)
                .put("create", new JsonObject().put("type", "text-unicode").put("data", "sneaky")).encode()));

        String status;
        try (Socket socket = new Socket("127.0.0.1", node.httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toByteArray());
            out.flush();
            status = readLine(socket.getInputStream());
        }
        Thread.sleep(AUTH_DELAY_MILLIS + 200);

        assertThat(status).startsWith("HTTP/1.1 401");
        HttpResponse<String> read = rest("/api/v1/documents/" + collection + "/" + docId, "Bearer " + tokens.valid("checker"));
        assertThat(read.statusCode()).isEqualTo(404);
    }

    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | 126);
        frame.write(payload.length >> 8);
        frame.write(payload.length & 0xFF);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    private static WebSocketConnectOptions options(String uri) {
        return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.httpPort()).setURI(uri);
    }

    private static ProtocolClient connect(String uri) throws Exception {
        return ProtocolClient.connect(vertx, options(uri));
    }

    private static void assertRejected(String uri, String reason) {
        assertThatThrownBy(() -> connect(uri)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(UpgradeRejectedException.class, rejected -> {
                    assertThat(rejected.getStatus()).isEqualTo(401);
                    assertThat(new JsonObject(rejected.getBody()).getString("detail")).startsWith(reason);
                });
    }

    private static HttpResponse<String> rest(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
