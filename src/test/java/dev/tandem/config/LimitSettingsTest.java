package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitSettingsTest {

    @Test
    void defaultsAllowEveryOrigin() {
        TandemConfig config = TandemConfig.fromSources(java.util.Map.of(), java.util.Map.of(), "test");

        assertThat(config.allowedOrigins()).isEmpty();
    }

    @Test
    void shippedYamlHasDefaultLimits() {
        TandemConfig config = TandemConfig.load(java.nio.file.Path.of("conf/tandem.yaml"), java.util.Map.of());

        for (Setting setting : java.util.List.of(Setting.MAX_OP_BYTES, Setting.MAX_SUBSCRIPTIONS_PER_CONNECTION,
                Setting.OPS_PER_SECOND_PER_CONNECTION, Setting.OPS_PER_SECOND_PER_USER, Setting.MAX_CONNECTIONS_PER_USER,
                Setting.ALLOWED_ORIGINS)) {
            assertThat(config.string(setting)).as(setting.path()).isEqualTo(setting.defaultValue());
        }
    }

    @Test
    void originWithPathIsRejected() {
        java.util.Map<String, String> environment = java.util.Map.of("TANDEM_ALLOWED_ORIGINS",
                "https://docs.example.com, https://evil.example.com/path");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TandemConfig.fromSources(java.util.Map.of(), environment, "test"))
                .hasMessageContaining("TANDEM_ALLOWED_ORIGINS");
    }

    @Test
    void negativeCacheWriteIntervalIsRejected() {
        java.util.Map<String, String> environment = java.util.Map.of("TANDEM_CACHE_WRITE_INTERVAL_MILLIS", "-1");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TandemConfig.fromSources(java.util.Map.of(), environment, "test"))
                .hasMessageContaining("TANDEM_CACHE_WRITE_INTERVAL_MILLIS");
    }

    @Test
    void flushIntervalOverOneSecondIsRejected() {
        java.util.Map<String, String> environment = java.util.Map.of("TANDEM_WS_FLUSH_INTERVAL_MICROS", "1000001");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TandemConfig.fromSources(java.util.Map.of(), environment, "test"))
                .hasMessageContaining("TANDEM_WS_FLUSH_INTERVAL_MICROS");
    }

    @Test
    void intervalsAcceptZero() {
        java.util.Map<String, String> environment = java.util.Map.of("TANDEM_CACHE_WRITE_INTERVAL_MILLIS", "0",
                "TANDEM_WS_FLUSH_INTERVAL_MICROS", "0");

        TandemConfig config = TandemConfig.fromSources(java.util.Map.of(), environment, "test");

        assertThat(config.longValue(Setting.CACHE_WRITE_INTERVAL_MILLIS)).isZero();
        assertThat(config.longValue(Setting.WS_FLUSH_INTERVAL_MICROS)).isZero();
    }
}
