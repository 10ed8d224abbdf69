package dev.tandem.auth;

import dev.tandem.config.Setting;
import dev.tandem.config.TandemConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Verifies JSON Web Tokens with vertx-auth-jwt: the signature with an HS256 secret, a PEM public key
 * or a JWKS file, then {@code exp}, {@code nbf}, {@code iss} and {@code aud} with the configured
 * clock skew. The user id is the {@code sub} claim, which every accepted token must carry.
 *
 * <p>Only algorithms of the configured keys are accepted, so a token signed with HS256 cannot pass
 * when an RSA public key is configured (the key-confusion attack).
 */
public final class TokenVerifier {

    private final JWTAuth jwt;
    private final long clockSkewSeconds;

    private TokenVerifier(JWTAuth jwt, long clockSkewSeconds) {
        this.jwt = jwt;
        this.clockSkewSeconds = clockSkewSeconds;
    }

    /**
     * Builds the verifier from the {@code auth.jwt.*} settings, reading key files now.
     *
     * @throws IllegalArgumentException naming the setting when a key file cannot be read or parsed
     */
    public static TokenVerifier create(Vertx vertx, TandemConfig config) {
        JWTOptions checks = new JWTOptions().setLeeway(config.intValue(Setting.JWT_CLOCK_SKEW_SECONDS));
        String issuer = config.string(Setting.JWT_ISSUER);
        if (!issuer.isEmpty()) {
            checks.setIssuer(issuer);
        }
        String audiences = config.string(Setting.JWT_AUDIENCE);
        if (!audiences.isEmpty()) {
            checks.setAudience(Arrays.stream(audiences.split("\\s*,\\s*")).filter(a -> !a.isEmpty()).toList());
        }
        JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(checks);
        if (!config.string(Setting.JWT_SECRET).isEmpty()) {
            options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256")
                    .setBuffer(config.string(Setting.JWT_SECRET)));
        } else if (!config.string(Setting.JWT_PUBLIC_KEY_FILE).isEmpty()) {
            String pem = readFile(Setting.JWT_PUBLIC_KEY_FILE, config);
            for (String algorithm : algorithmsOf(pem)) {
                options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem));
            }
        } else {
            options.setJwks(jwks(readFile(Setting.JWT_JWKS_FILE, config)));
        }
        try {
            return new TokenVerifier(JWTAuth.create(vertx, options), config.longValue(Setting.JWT_CLOCK_SKEW_SECONDS));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid JWT key configuration: " + e.getMessage(), e);
        }
    }

    /** Returns the token's user, or fails with an {@link AuthenticationException} naming the reason. */
    public Future<Principal> verify(String token) {
        return jwt.authenticate(new TokenCredentials(token))
                .recover(err -> Future.failedFuture(new AuthenticationException(reason(err))))
                .compose(this::principal);
    }

    private Future<Principal> principal(User user) {
        JsonObject claims = user.attributes().getJsonObject("accessToken", new JsonObject());
        Object subject = claims.getValue("sub");
        if (!(subject instanceof String sub) || UserIds.problem(sub) != null) {
            return Future.failedFuture(new AuthenticationException("The token has no valid 'sub' claim naming the user"));
        }
        Object exp = claims.getValue("exp");
        // The token stops being accepted only once the clock skew has passed after exp, so an open
        // connection is closed then too; closing earlier would let the client reconnect with it.
        Instant expiresAt = exp instanceof Number seconds
                ? Instant.ofEpochSecond(seconds.longValue()).plusSeconds(clockSkewSeconds) : null;
        return Future.succeededFuture(new Principal(sub, expiresAt));
    }

    /** Maps vertx-auth-jwt's failure to a short reason that reveals nothing about the keys. */
    private static String reason(Throwable err) {
        String message = String.valueOf(err.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (message.contains("expired")) {
            return "The token has expired";
        }
        if (message.contains("issuer")) {
            return "The token's issuer is not accepted";
        }
        if (message.contains("audience")) {
            return "The token's audience is not accepted";
        }
        if (message.contains("not before") || message.contains("nbf") || message.contains("iat")) {
            return "The token is not valid yet";
        }
        return "The token is invalid or its signature does not verify";
    }

    private static String readFile(Setting setting, TandemConfig config) {
        Path path = Path.of(config.string(setting));
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid " + setting.path() + " (" + setting.environmentVariable()
                    + "): cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The signature algorithms a PEM public key can verify: RS256 to RS512 for RSA, the curve's ES algorithm for EC. */
    static List<String> algorithmsOf(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + Setting.JWT_PUBLIC_KEY_FILE.path() + ": not a PEM file", e);
        }
        X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
        try {
            KeyFactory.getInstance("RSA").generatePublic(spec);
            return List.of("RS256", "RS384", "RS512");
        } catch (Exception notRsa) {
            try {
                ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
                int bits = key.getParams().getCurve().getField().getFieldSize();
                return switch (bits) {
                    case 256 -> List.of("ES256");
                    case 384 -> List.of("ES384");
                    case 521 -> List.of("ES512");
                    default -> throw new IllegalArgumentException("invalid " + Setting.JWT_PUBLIC_KEY_FILE.path()
                            + ": EC keys must be on P-256, P-384 or P-521, got a " + bits + "-bit curve");
                };
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (Exception notEc) {
                throw new IllegalArgumentException("invalid " + Setting.JWT_PUBLIC_KEY_FILE.path()
                        + ": expected a PEM 'PUBLIC KEY' (X.509 SubjectPublicKeyInfo) of an RSA or EC key", notEc);
            }
        }
    }

    private static List<JsonObject> jwks(String text) {
        try {
            JsonArray keys = new JsonObject(text).getJsonArray("keys");
            if (keys == null || keys.isEmpty()) {
                throw new IllegalArgumentException("no 'keys'");
            }
            return keys.stream().map(JsonObject.class::cast).toList();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid " + Setting.JWT_JWKS_FILE.path() + ": expected a JSON Web Key Set"
                    + " {\"keys\": [...]}: " + e.getMessage(), e);
        }
    }
}
