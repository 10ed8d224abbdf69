package dev.tandem.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SettingsTableTest {

    @Test
    void readmeTableMatchesSettings() throws Exception {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(SettingsTable.replaceIn(readme)).as("README.md is out of date; run scripts/config-table")
                .isEqualTo(readme);
    }

    @Test
    void testHooksAreLeftOut() {
        assertThat(SettingsTable.lines()).noneMatch(line -> line.contains("TANDEM_TEST_"));
    }
}
