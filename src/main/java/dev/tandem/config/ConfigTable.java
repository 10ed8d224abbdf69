package dev.tandem.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the README's configuration table from {@link Setting}. Run after changing a setting:
 * {@code java -cp target/classes dev.tandem.config.ConfigTable README.md}. Rows of variables that
 * are not settings, such as the logging ones, are kept after the generated rows.
 */
public final class ConfigTable {

    private ConfigTable() {
    }

    public static void main(String[] args) throws IOException {
        Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        Files.writeString(readme, withTable(text), StandardCharsets.UTF_8);
    }

    /** Returns one Markdown table row per setting, in declaration order, each ending in a newline. */
    static List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            String value = setting.defaultValue().isEmpty() ? "(empty)" : "`" + setting.defaultValue() + "`";
            rows.add("| `" + setting.environmentVariable() + "` | `" + setting.path() + "` | " + value + " | "
                    + setting.description().replace("|", "\\|") + " |\n");
        }
        return rows;
    }

    /** Returns {@code readme} with the rows of settings replaced by {@link #rows()}. */
    static String withTable(String readme) {
        List<String> settingVariables = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            settingVariables.add(setting.environmentVariable());
        }
        StringBuilder out = new StringBuilder();
        boolean written = false;
        for (String line : readme.split("(?<=\n)")) {
            boolean settingRow = line.startsWith("| `TANDEM_")
                    && settingVariables.contains(line.substring(3, line.indexOf('`', 3)));
            if (!settingRow) {
                out.append(line);
            } else if (!written) {
                rows().forEach(out::append);
                written = true;
            }
        }
        if (!written) {
            throw new IllegalArgumentException("the README has no configuration table row starting with | `TANDEM_");
        }
        return out.toString();
    }
}
