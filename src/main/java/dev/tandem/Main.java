package dev.tandem;

import dev.tandem.config.TandemConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one Tandem node: {@code java -jar tandem.jar}. The configuration file is
 * {@code conf/tandem.yaml}, or the file named by {@code TANDEM_CONFIG}; environment variables
 * override its keys.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> environment = System.getenv();
        try {
            TandemConfig.checkLogging(environment);
        } catch (IllegalArgumentException e) {
            // Logback may have no appender at all, so this goes straight to standard error.
            System.err.println("Invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        String namedFile = environment.get(TandemConfig.CONFIG_FILE_VARIABLE);
        if (namedFile != null && !Files.isRegularFile(Path.of(namedFile))) {
            LOG.error("Invalid configuration: {} names {}, which is not a file", TandemConfig.CONFIG_FILE_VARIABLE,
                    namedFile);
            System.exit(2);
            return;
        }
        TandemConfig config;
        try {
            config = TandemConfig.load(Path.of(namedFile != null ? namedFile : "conf/tandem.yaml"), environment);
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        for (String unknown : TandemConfig.unknownVariables(environment)) {
            LOG.warn("Environment variable {} is not a Tandem setting and is ignored; the README lists the settings",
                    unknown);
        }
        // Exit status 3 means the node stepped down after a split, and a supervisor should restart it.
        Node node = new Node(config, () -> Runtime.getRuntime().halt(3));
        // SIGTERM and SIGINT stop the node before the JVM's shutdown hooks run, because the embedded
        // PostgreSQL library stops its server from a hook of its own, concurrently with ours, and
        // pending commits and milestones would then fail. The hook stays for other ways out.
        for (String signal : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> new Thread(() -> {
                LOG.info("Received SIG{}, stopping", signal);
                node.stop();
                System.exit(0);
            }, "tandem-signal-stop").start());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "tandem-shutdown"));
        try {
            node.start();
        } catch (Exception e) {
            LOG.error("Node failed to start", e);
            node.stop();
            System.exit(1);
        }
    }
}
