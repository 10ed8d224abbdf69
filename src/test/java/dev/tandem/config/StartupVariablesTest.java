package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The variables a node checks at start-up besides its settings. */
class StartupVariablesTest {

    @Test
    void lowerCaseAppenderIsRejected() {
        assertThatThrownBy(() -> TandemConfig.checkLogging(Map.of("TANDEM_LOG_APPENDER", "json")))
                .hasMessageContaining("TANDEM_LOG_APPENDER").hasMessageContaining("[PLAIN, JSON]");
    }

    @Test
    void unknownLevelIsRejected() {
        assertThatThrownBy(() -> TandemConfig.checkLogging(Map.of("TANDEM_LOG_LEVEL", "verbose")))
                .hasMessageContaining("TANDEM_LOG_LEVEL").hasMessageContaining("'verbose'");
    }

    @Test
    void knownLoggingValuesPass() {
        assertThatCode(() -> TandemConfig.checkLogging(Map.of("TANDEM_LOG_APPENDER", "JSON", "TANDEM_LOG_LEVEL", "debug")))
                .doesNotThrowAnyException();
        assertThatCode(() -> TandemConfig.checkLogging(Map.of())).doesNotThrowAnyException();
    }

    @Test
    void misspeltSettingIsReported() {
        Map<String, String> environment = Map.of("TANDEM_HTTP_PROT", "9000", "TANDEM_HTTP_PORT", "9000",
                "TANDEM_LOG_LEVEL", "INFO", "TANDEM_CONFIG", "conf/tandem.yaml", "PATH", "/usr/bin");

        assertThat(TandemConfig.unknownVariables(environment)).containsExactly("TANDEM_HTTP_PROT");
    }

    @Test
    void emptyMemberListIsRejected() {
        assertThatThrownBy(() -> TandemConfig.fromSources(Map.of(), Map.of("TANDEM_CLUSTER_MEMBERS", " , "), "test"))
                .hasMessageContaining("TANDEM_CLUSTER_MEMBERS");
    }

    @Test
    void opLimitAtMessageLimitIsRejected() {
        Map<String, String> environment = Map.of("TANDEM_MAX_OP_BYTES", "2000000", "TANDEM_MAX_MESSAGE_BYTES", "1048576");

        assertThatThrownBy(() -> TandemConfig.fromSources(Map.of(), environment, "test"))
                .hasMessageContaining("TANDEM_MAX_OP_BYTES").hasMessageContaining("TANDEM_MAX_MESSAGE_BYTES");
    }
}
