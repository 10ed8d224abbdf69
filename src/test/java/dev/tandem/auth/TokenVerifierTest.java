package dev.tandem.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.config.TandemConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key sources of {@link TokenVerifier}: a PEM RSA or EC public key and a JWKS file. */
class TokenVerifierTest {

    private static Vertx vertx;
    @TempDir
    Path dir;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    @Test
    void rsaPublicKeyFileVerifiesRs256() throws Exception {
        KeyPair keys = generate("RSA", null);
        TokenVerifier verifier = verifierWith("TANDEM_JWT_PUBLIC_KEY_FILE", write("rsa.pem", pem("PUBLIC KEY", keys.getPublic().getEncoded())));

        String token = sign("RS256", keys, null, "rsa-user");

        assertThat(await(verifier.verify(token)).userId()).isEqualTo("rsa-user");
    }

    @Test
    void ecPublicKeyFileVerifiesEs256() throws Exception {
        KeyPair keys = generate("EC", new ECGenParameterSpec("secp256r1"));
        TokenVerifier verifier = verifierWith("TANDEM_JWT_PUBLIC_KEY_FILE", write("ec.pem", pem("PUBLIC KEY", keys.getPublic().getEncoded())));

        String token = sign("ES256", keys, null, "ec-user");

        assertThat(await(verifier.verify(token)).userId()).isEqualTo("ec-user");
    }

    @Test
    void jwksFileVerifiesByKid() throws Exception {
        KeyPair keys = generate("RSA", null);
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        JsonObject jwk = new JsonObject().put("kty", "RSA").put("kid", "key-1").put("alg", "RS256").put("use", "sig")
                .put("n", base64Url(publicKey.getModulus())).put("e", base64Url(publicKey.getPublicExponent()));
        TokenVerifier verifier = verifierWith("TANDEM_JWT_JWKS_FILE",
                write("jwks.json", new JsonObject().put("keys", new JsonArray().add(jwk)).encode()));

        String token = sign("RS256", keys, "key-1", "jwks-user");

        assertThat(await(verifier.verify(token)).userId()).isEqualTo("jwks-user");
    }

    @Test
    void keyConfusionTokenIsRejected() throws Exception {
        KeyPair keys = generate("RSA", null);
        String publicPem = pem("PUBLIC KEY", keys.getPublic().getEncoded());
        TokenVerifier verifier = verifierWith("TANDEM_JWT_PUBLIC_KEY_FILE", write("rsa.pem", publicPem));
        JWTAuth forger = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                .setAlgorithm("HS256").setBuffer(publicPem)));

        String forged = forger.generateToken(new JsonObject().put("sub", "mallory"), new JWTOptions().setAlgorithm("HS256"));

        assertThatThrownBy(() -> await(verifier.verify(forged))).hasCauseInstanceOf(AuthenticationException.class);
    }

    @Test
    void unsignedTokenIsRejected() throws Exception {
        KeyPair keys = generate("RSA", null);
        TokenVerifier verifier = verifierWith("TANDEM_JWT_PUBLIC_KEY_FILE", write("rsa.pem", pem("PUBLIC KEY", keys.getPublic().getEncoded())));
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();

        String unsigned = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "."
                + base64.encodeToString("{\"sub\":\"mallory\"}".getBytes()) + ".";

        assertThatThrownBy(() -> await(verifier.verify(unsigned))).hasCauseInstanceOf(AuthenticationException.class);
    }

    @Test
    void unreadableKeyFileNamesTheSetting() {
        assertThatThrownBy(() -> verifierWith("TANDEM_JWT_PUBLIC_KEY_FILE", dir.resolve("missing.pem").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth.jwt.publicKeyFile");
    }

    private TokenVerifier verifierWith(String variable, String value) {
        Map<String, String> environment = new HashMap<>(Map.of("TANDEM_AUTH_MODE", "jwt", variable, value));
        return TokenVerifier.create(vertx, TandemConfig.fromSources(Map.of(), environment, "test"));
    }

    private String sign(String algorithm, KeyPair keys, String kid, String subject) {
        PubSecKeyOptions key = new PubSecKeyOptions().setAlgorithm(algorithm)
                .setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        JWTOptions options = new JWTOptions().setAlgorithm(algorithm).setExpiresInSeconds(600);
        if (kid != null) {
            key.setId(kid);
            options.setHeader(new JsonObject().put("kid", kid));
        }
        JWTAuth signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key));
        return signer.generateToken(new JsonObject().put("sub", subject), options);
    }

    private static KeyPair generate(String algorithm, ECGenParameterSpec curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (curve != null) {
            generator.initialize(curve);
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file.toString();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
