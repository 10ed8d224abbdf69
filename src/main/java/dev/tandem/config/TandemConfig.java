package dev.tandem.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The typed configuration of a node. Each {@link Setting} comes from, in order of precedence, its
 * environment variable, the YAML file, then its default. Unknown YAML keys and values of the wrong
 * type are rejected at start-up so that a typo never silently falls back to a default.
 */
public final class TandemConfig {

    private final Map<Setting, String> values;

    /** The variable that names the configuration file. */
    public static final String CONFIG_FILE_VARIABLE = "TANDEM_CONFIG";
    private static final String LOG_APPENDER_VARIABLE = "TANDEM_LOG_APPENDER";
    private static final String LOG_LEVEL_VARIABLE = "TANDEM_LOG_LEVEL";
    /** The appenders of logback.xml. */
    private static final List<String> LOG_APPENDERS = List.of("PLAIN", "JSON");
    /** Logback's level names, which it matches in any case. */
    private static final List<String> LOG_LEVELS = List.of("ALL", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    /** Variables read by the node, or by scripts/run around it, that are not settings. */
    private static final List<String> OTHER_VARIABLES = List.of(CONFIG_FILE_VARIABLE, LOG_APPENDER_VARIABLE,
            LOG_LEVEL_VARIABLE, "TANDEM_JAVA_OPTS");

    private TandemConfig(Map<Setting, String> values) {
        this.values = values;
    }

    /**
     * Loads the configuration from {@code yamlFile} (ignored when it does not exist) and the given
     * environment.
     *
     * @throws IllegalArgumentException naming the key when the file or a value is invalid
     */
    public static TandemConfig load(Path yamlFile, Map<String, String> environment) {
        Map<String, Object> yaml = Map.of();
        if (yamlFile != null && Files.isRegularFile(yamlFile)) {
            try (InputStream in = Files.newInputStream(yamlFile)) {
                Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
                if (root != null && !(root instanceof Map)) {
                    throw new IllegalArgumentException(yamlFile + ": the top level must be a mapping");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> map = root == null ? Map.of() : (Map<String, Object>) root;
                yaml = map;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + yamlFile + ": " + e.getMessage(), e);
            }
        }
        return fromSources(yaml, environment, yamlFile == null ? "configuration" : yamlFile.toString());
    }

    /**
     * Checks the variables that Logback reads when it starts, before this class reads any. An
     * unknown appender name would leave the node without any log output, and an unknown level
     * falls back to DEBUG, so both stop the node instead.
     *
     * @throws IllegalArgumentException naming the variable and the values it takes
     */
    public static void checkLogging(Map<String, String> environment) {
        String appender = environment.get(LOG_APPENDER_VARIABLE);
        if (appender != null && !LOG_APPENDERS.contains(appender)) {
            throw new IllegalArgumentException("invalid " + LOG_APPENDER_VARIABLE + " '" + appender + "': must be one of "
                    + LOG_APPENDERS + ", in capitals");
        }
        String level = environment.get(LOG_LEVEL_VARIABLE);
        if (level != null && !LOG_LEVELS.contains(level.toUpperCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("invalid " + LOG_LEVEL_VARIABLE + " '" + level + "': must be one of "
                    + LOG_LEVELS);
        }
    }

    /**
     * Returns the {@code TANDEM_} variables of the environment that neither a setting nor the node's
     * start-up reads, such as a misspelt setting, in name order.
     */
    public static List<String> unknownVariables(Map<String, String> environment) {
        Set<String> known = new TreeSet<>(OTHER_VARIABLES);
        for (Setting setting : Setting.values()) {
            known.add(setting.environmentVariable());
        }
        return environment.keySet().stream().filter(name -> name.startsWith("TANDEM_") && !known.contains(name))
                .sorted().toList();
    }

    /** Builds a configuration from a parsed YAML tree and an environment, for tests and {@link #load}. */
    public static TandemConfig fromSources(Map<String, Object> yaml, Map<String, String> environment, String sourceName) {
        Map<String, String> flat = new java.util.HashMap<>();
        flatten("", yaml, flat);
        Set<String> known = new TreeSet<>();
        for (Setting setting : Setting.values()) {
            known.add(setting.path());
        }
        for (String key : flat.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(sourceName + ": unknown key '" + key + "'; known keys are " + known);
            }
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String value = environment.get(setting.environmentVariable());
            if (value == null) {
                value = flat.getOrDefault(setting.path(), setting.defaultValue());
            }
            values.put(setting, value.trim());
        }
        TandemConfig config = new TandemConfig(values);
        config.validate();
        return config;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, out);
            } else if (value instanceof List<?> list) {
                out.put(key, String.join(",", list.stream().map(String::valueOf).toList()));
            } else {
                out.put(key, value == null ? "" : String.valueOf(value));
            }
        }
    }

    private void validate() {
        for (Setting setting : List.of(Setting.HTTP_PORT, Setting.CLUSTER_PORT, Setting.CLUSTER_EVENT_BUS_PORT,
                Setting.EMBEDDED_PG_PORT, Setting.EMBEDDED_REDIS_PORT)) {
            long port = longValue(setting);
            if (port < 0 || port > 65535) {
                throw invalid(setting, "must be a port between 0 and 65535");
            }
        }
        for (Setting setting : List.of(Setting.PG_POOL_SIZE, Setting.MAX_MESSAGE_BYTES, Setting.MAX_JSON_DEPTH,
                Setting.MAX_DOCUMENT_BYTES, Setting.MILESTONE_EVERY_OPS, Setting.MAX_CATCH_UP_OPS, Setting.IDLE_UNLOAD_MILLIS,
                Setting.SUBMIT_TIMEOUT_MILLIS, Setting.COMMIT_MAX_BATCH_OPS, Setting.COMMIT_MAX_PENDING_OPS,
                Setting.CACHE_TTL_SECONDS, Setting.CACHE_COMPRESS_ABOVE_BYTES, Setting.HEARTBEAT_INTERVAL_SECONDS,
                Setting.MAX_NO_HEARTBEAT_SECONDS, Setting.MAX_OP_BYTES, Setting.MAX_SUBSCRIPTIONS_PER_CONNECTION,
                Setting.OPS_PER_SECOND_PER_CONNECTION, Setting.OPS_PER_SECOND_PER_USER, Setting.MAX_CONNECTIONS_PER_USER,
                Setting.SOCKJS_HEARTBEAT_MILLIS, Setting.SOCKJS_SESSION_TIMEOUT_MILLIS)) {
            if (longValue(setting) <= 0) {
                throw invalid(setting, "must be a positive integer");
            }
        }
        if (longValue(Setting.PG_IDLE_IN_TRANSACTION_TIMEOUT_MILLIS) < 0
                || longValue(Setting.PG_IDLE_IN_TRANSACTION_TIMEOUT_MILLIS) > Integer.MAX_VALUE) {
            throw invalid(Setting.PG_IDLE_IN_TRANSACTION_TIMEOUT_MILLIS, "must be 0 (off) or a positive number of milliseconds");
        }
        if (longValue(Setting.CACHE_WRITE_INTERVAL_MILLIS) < 0) {
            throw invalid(Setting.CACHE_WRITE_INTERVAL_MILLIS, "must be 0 (every commit) or a positive number of milliseconds");
        }
        if (clusterMembers().isEmpty()) {
            throw invalid(Setting.CLUSTER_MEMBERS, "must name at least one member, such as this node's own"
                    + " address, or the node would start a cluster of its own that others never join");
        }
        if (longValue(Setting.MAX_OP_BYTES) >= longValue(Setting.MAX_MESSAGE_BYTES)) {
            throw invalid(Setting.MAX_OP_BYTES, "must be less than " + Setting.MAX_MESSAGE_BYTES.environmentVariable()
                    + " (" + longValue(Setting.MAX_MESSAGE_BYTES) + "), because an op travels inside a message");
        }
        if (longValue(Setting.WS_FLUSH_INTERVAL_MICROS) < 0 || longValue(Setting.WS_FLUSH_INTERVAL_MICROS) > 1_000_000) {
            throw invalid(Setting.WS_FLUSH_INTERVAL_MICROS, "must be between 0 and 1000000 microseconds");
        }
        for (String origin : allowedOrigins()) {
            if (!origin.matches("(?i)https?://[^/\\s]+")) {
                throw invalid(Setting.ALLOWED_ORIGINS, "each origin must be scheme://host[:port], such as"
                        + " https://docs.example.com, without a path");
            }
        }
        if (!List.of("true", "false").contains(string(Setting.TEST_EVERY_NODE_OWNS))) {
            throw invalid(Setting.TEST_EVERY_NODE_OWNS, "must be true or false");
        }
        validateAuth();
    }

    private void validateAuth() {
        if (!List.of("development", "production").contains(string(Setting.ENVIRONMENT))) {
            throw invalid(Setting.ENVIRONMENT, "must be 'development' or 'production'");
        }
        if (!List.of("dev", "jwt").contains(authMode())) {
            throw invalid(Setting.AUTH_MODE, "must be 'dev' or 'jwt'");
        }
        if (authMode().equals("dev") && isProduction()) {
            throw invalid(Setting.AUTH_MODE, "dev trusts any user name a client sends, so it is rejected when "
                    + Setting.ENVIRONMENT.environmentVariable() + "=production; set it to jwt");
        }
        if (longValue(Setting.JWT_CLOCK_SKEW_SECONDS) < 0 || longValue(Setting.JWT_CLOCK_SKEW_SECONDS) > 3600) {
            throw invalid(Setting.JWT_CLOCK_SKEW_SECONDS, "must be between 0 and 3600 seconds");
        }
        if (longValue(Setting.TEST_AUTH_DELAY_MILLIS) < 0) {
            throw invalid(Setting.TEST_AUTH_DELAY_MILLIS, "must not be negative");
        }
        if (longValue(Setting.ACL_CACHE_MAX_DOCUMENTS) <= 0) {
            throw invalid(Setting.ACL_CACHE_MAX_DOCUMENTS, "must be a positive integer");
        }
        if (!List.of("", "none", "viewer", "commenter", "editor").contains(string(Setting.NEW_DOCUMENT_PUBLIC_ROLE))) {
            throw invalid(Setting.NEW_DOCUMENT_PUBLIC_ROLE, "must be none, viewer, commenter or editor, or empty for the"
                    + " auth mode's default");
        }
        if (!authMode().equals("jwt")) {
            return;
        }
        List<Setting> keySources = List.of(Setting.JWT_SECRET, Setting.JWT_PUBLIC_KEY_FILE, Setting.JWT_JWKS_FILE).stream()
                .filter(setting -> !string(setting).isEmpty()).toList();
        if (keySources.size() != 1) {
            throw invalid(Setting.AUTH_MODE, "jwt needs exactly one of " + Setting.JWT_SECRET.environmentVariable() + ", "
                    + Setting.JWT_PUBLIC_KEY_FILE.environmentVariable() + " and " + Setting.JWT_JWKS_FILE.environmentVariable()
                    + "; " + keySources.size() + " are set");
        }
        // RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output.
        String secret = string(Setting.JWT_SECRET);
        if (!secret.isEmpty() && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("invalid " + Setting.JWT_SECRET.path() + " ("
                    + Setting.JWT_SECRET.environmentVariable() + "): must be at least 32 bytes for HS256");
        }
    }

    /** The role granted to everyone on a new document, such as {@code editor}, or {@code null} for none. */
    public String newDocumentPublicRole() {
        String role = string(Setting.NEW_DOCUMENT_PUBLIC_ROLE);
        if (role.isEmpty()) {
            return authMode().equals("dev") ? "editor" : null;
        }
        return role.equals("none") ? null : role;
    }

    public boolean isProduction() {
        return string(Setting.ENVIRONMENT).equals("production");
    }

    private IllegalArgumentException invalid(Setting setting, String reason) {
        return new IllegalArgumentException("invalid " + setting.path() + " (" + setting.environmentVariable() + ") '"
                + values.get(setting) + "': " + reason);
    }

    public String string(Setting setting) {
        return values.get(setting);
    }

    public long longValue(Setting setting) {
        try {
            return Long.parseLong(values.get(setting));
        } catch (NumberFormatException e) {
            throw invalid(setting, "must be an integer");
        }
    }

    public int intValue(Setting setting) {
        long value = longValue(setting);
        if (value > Integer.MAX_VALUE) {
            throw invalid(setting, "must be at most " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    public String httpHost() {
        return string(Setting.HTTP_HOST);
    }

    public int httpPort() {
        return intValue(Setting.HTTP_PORT);
    }

    /** The PostgreSQL URL, or empty when the node should start an embedded server. */
    public String postgresUrl() {
        return string(Setting.PG_URL);
    }

    /** The Redis URL, or empty when the node should start an embedded server. */
    public String redisUrl() {
        return string(Setting.REDIS_URL);
    }

    public Path dataDir() {
        return Path.of(string(Setting.DATA_DIR));
    }

    public String authMode() {
        return string(Setting.AUTH_MODE);
    }

    /** Returns the browser origins allowed to open sessions; an empty list allows every origin. */
    public List<String> allowedOrigins() {
        return List.of(string(Setting.ALLOWED_ORIGINS).split("\\s*,\\s*")).stream().filter(s -> !s.isEmpty()).toList();
    }

    public List<String> clusterMembers() {
        return List.of(string(Setting.CLUSTER_MEMBERS).split("\\s*,\\s*")).stream().filter(s -> !s.isEmpty()).toList();
    }
}
