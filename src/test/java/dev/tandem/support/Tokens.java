package dev.tandem.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/** Signs test tokens with an HS256 secret. */
public final class Tokens {

    public static final String SECRET = "tandem-test-secret-of-at-least-32-bytes";
    public static final String ISSUER = "https://issuer.test";
    public static final String AUDIENCE = "tandem-test";

    private final JWTAuth signer;

    public Tokens(Vertx vertx, String secret) {
        signer = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
                .setBuffer(secret)));
    }

    public Tokens(Vertx vertx) {
        this(vertx, SECRET);
    }

    /** A token for {@code user} with the test issuer and audience, valid for an hour. */
    public String valid(String user) {
        return sign(new JsonObject().put("sub", user).put("iss", ISSUER).put("aud", AUDIENCE), 3600);
    }

    /** Signs the claims, adding {@code iat} and, when {@code expiresInSeconds} is not 0, {@code exp}. */
    public String sign(JsonObject claims, int expiresInSeconds) {
        JWTOptions options = new JWTOptions().setAlgorithm("HS256");
        long now = System.currentTimeMillis() / 1000;
        JsonObject payload = claims.copy();
        if (expiresInSeconds != 0) {
            payload.put("exp", now + expiresInSeconds);
        }
        options.setNoTimestamp(true);
        payload.put("iat", now);
        return signer.generateToken(payload, options);
    }
}
