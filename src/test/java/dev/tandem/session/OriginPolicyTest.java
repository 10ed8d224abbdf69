package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy policy = new OriginPolicy(List.of("https://docs.example.com", "http://localhost:8080/"));

    @Test
    void listedOriginAllowedIgnoringCase() {
        assertThat(policy.allows("https://Docs.Example.com")).isTrue();
        assertThat(policy.allows("http://localhost:8080")).isTrue();
    }

    @Test
    void otherOriginRefused() {
        assertThat(policy.allows("https://evil.example.com")).isFalse();
        assertThat(policy.allows("http://docs.example.com")).isFalse();
        assertThat(policy.allows("https://docs.example.com:8443")).isFalse();
        assertThat(policy.allows("null")).isFalse();
    }

    @Test
    void requestWithoutOriginAllowed() {
        assertThat(policy.allows(null)).isTrue();
    }

    @Test
    void emptyListAllowsEveryOrigin() {
        assertThat(OriginPolicy.allowAll().allows("https://evil.example.com")).isTrue();
    }
}
