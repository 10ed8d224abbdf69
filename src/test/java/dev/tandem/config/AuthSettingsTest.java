package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up validation of the auth settings. */
class AuthSettingsTest {

    private static final String SECRET = "a-secret-that-is-at-least-32-bytes-long";

    private static TandemConfig load(Map<String, String> environment) {
        return TandemConfig.fromSources(Map.of(), environment, "test");
    }

    @Test
    void devModeIsRejectedInProduction() {
        assertThatThrownBy(() -> load(Map.of("TANDEM_ENV", "production")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth.mode");
        assertThat(load(Map.of("TANDEM_ENV", "production", "TANDEM_AUTH_MODE", "jwt", "TANDEM_JWT_SECRET", SECRET))
                .isProduction()).isTrue();
    }

    @Test
    void jwtModeNeedsExactlyOneKeySource() {
        assertThatThrownBy(() -> load(Map.of("TANDEM_AUTH_MODE", "jwt")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 are set");
        assertThatThrownBy(() -> load(Map.of("TANDEM_AUTH_MODE", "jwt", "TANDEM_JWT_SECRET", SECRET,
                "TANDEM_JWT_JWKS_FILE", "/tmp/jwks.json")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 are set");
    }

    @Test
    void shortSecretIsRejectedWithoutEchoingIt() {
        assertThatThrownBy(() -> load(Map.of("TANDEM_AUTH_MODE", "jwt", "TANDEM_JWT_SECRET", "short-secret")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 bytes")
                .message().doesNotContain("short-secret");
    }

    @Test
    void newDocumentPublicRoleDependsOnMode() {
        assertThat(load(Map.of()).newDocumentPublicRole()).isEqualTo("editor");
        assertThat(load(Map.of("TANDEM_AUTH_MODE", "jwt", "TANDEM_JWT_SECRET", SECRET)).newDocumentPublicRole()).isNull();
        assertThat(load(Map.of("TANDEM_NEW_DOCUMENT_PUBLIC_ROLE", "none")).newDocumentPublicRole()).isNull();
        assertThatThrownBy(() -> load(Map.of("TANDEM_NEW_DOCUMENT_PUBLIC_ROLE", "owner")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acl.newDocumentPublicRole");
    }
}
