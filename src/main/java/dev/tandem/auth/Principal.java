package dev.tandem.auth;

import java.time.Instant;

/**
 * An authenticated user.
 *
 * @param userId the token's {@code sub} in jwt mode, the self-declared name in dev mode
 * @param expiresAt when the credentials stop being accepted (a JWT's {@code exp} plus the clock skew), or
 *     {@code null} when they do not expire
 */
public record Principal(String userId, Instant expiresAt) {
}
