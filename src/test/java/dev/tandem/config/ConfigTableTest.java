package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigTableTest {

    @Test
    void readmeTableMatchesSettings() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        String regenerated = ConfigTable.withTable(readme);

        assertThat(readme)
                .as("README configuration table; regenerate it with java -cp target/classes dev.tandem.config.ConfigTable")
                .isEqualTo(regenerated);
    }

    @Test
    void defaultsPassValidation() {
        TandemConfig config = TandemConfig.fromSources(java.util.Map.of(), java.util.Map.of(), "test");

        assertThat(config.allowedOrigins()).isEmpty();
    }

    @Test
    void originWithPathIsRejected() {
        java.util.Map<String, String> environment = java.util.Map.of("TANDEM_ALLOWED_ORIGINS",
                "https://docs.example.com, https://evil.example.com/path");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TandemConfig.fromSources(java.util.Map.of(), environment, "test"))
                .hasMessageContaining("TANDEM_ALLOWED_ORIGINS");
    }
}
