package dev.tandem.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the README's configuration table from {@link Setting}, so that the table cannot drift
 * from the code. {@code scripts/config-table} runs {@link #main} to rewrite it in place, and a test
 * fails while the README differs.
 */
public final class SettingsTable {

    static final String HEADER = "| Variable | `conf/tandem.yaml` key | Default | What it sets |";

    /** Logging variables that logback reads itself; they are not {@link Setting}s. */
    private static final List<String> LOGGING_ROWS = List.of(
            "| `TANDEM_LOG_LEVEL` | (none) | `INFO` | Level of the root logger: TRACE, DEBUG, INFO, WARN, ERROR or OFF. |",
            "| `TANDEM_LOG_APPENDER` | (none) | `PLAIN` | `PLAIN` or `JSON`, in capitals; `JSON` writes one JSON object per log line. |");

    private SettingsTable() {
    }

    /** Returns the table's lines: the header, the separator, one row per setting except test hooks, then logging. */
    public static List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.add("|---|---|---|---|");
        for (Setting setting : Setting.values()) {
            if (setting.environmentVariable().startsWith("TANDEM_TEST_")) {
                continue;
            }
            String defaultValue = setting.defaultValue().isEmpty() ? "(empty)" : "`" + setting.defaultValue() + "`";
            lines.add("| `" + setting.environmentVariable() + "` | `" + setting.path() + "` | " + defaultValue + " | "
                    + setting.description().replace("|", "\\|") + " |");
        }
        lines.addAll(LOGGING_ROWS);
        return lines;
    }

    /** Returns {@code readme} with the table that starts at {@link #HEADER} replaced by {@link #lines()}. */
    public static String replaceIn(String readme) {
        List<String> in = readme.lines().toList();
        int start = in.indexOf(HEADER);
        if (start < 0) {
            throw new IllegalArgumentException("the README has no configuration table starting with " + HEADER);
        }
        int end = start;
        while (end < in.size() && in.get(end).startsWith("|")) {
            end++;
        }
        List<String> out = new ArrayList<>(in.subList(0, start));
        out.addAll(lines());
        out.addAll(in.subList(end, in.size()));
        return String.join("\n", out) + "\n";
    }

    /** Rewrites the table in the file named by the first argument, {@code README.md} by default. */
    public static void main(String[] args) throws IOException {
        Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
        Files.writeString(readme, replaceIn(Files.readString(readme, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }
}
