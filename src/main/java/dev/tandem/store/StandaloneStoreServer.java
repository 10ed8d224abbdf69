package dev.tandem.store;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one embedded PostgreSQL or Redis in the foreground until SIGTERM, so that a shared store
 * for a local cluster, or for a fault test that stops and restarts it, lives in its own process:
 *
 * <pre>
 * java -cp tandem.jar dev.tandem.store.StandaloneStoreServer postgres PORT DATA_DIR
 * java -cp tandem.jar dev.tandem.store.StandaloneStoreServer redis PORT
 * </pre>
 *
 * <p>Once the server accepts connections, one line goes to standard output:
 * {@code ready url=URL pid=PID}, where PID is the server process itself (the Redis server, or
 * the PostgreSQL postmaster), so that a test can send it signals. SIGTERM stops the server (a
 * fast shutdown for PostgreSQL) and keeps PostgreSQL's data directory. When the server process
 * dies on its own, this process exits with status 1.
 */
public final class StandaloneStoreServer {

    private StandaloneStoreServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[0].equals("postgres") && args.length == 3 || args[0].equals("redis"))) {
            System.err.println("usage: StandaloneStoreServer postgres PORT DATA_DIR | redis PORT");
            System.exit(2);
            return;
        }
        int port = Integer.parseInt(args[1]);
        AutoCloseable server;
        String url;
        long pid;
        if (args[0].equals("postgres")) {
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(Path.of(args[2]), port);
            server = postgres;
            url = postgres.url();
            pid = postmasterPid(Path.of(args[2]));
        } else {
            EmbeddedRedisServer redis = EmbeddedRedisServer.start(port);
            server = redis;
            url = redis.url();
            pid = ProcessHandle.current().children().findFirst().map(ProcessHandle::pid).orElse(-1L);
        }

        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("stopping the server failed: " + e);
            }
            stopped.countDown();
        }, "store-server-stop"));
        ProcessHandle.of(pid).ifPresent(process -> process.onExit().thenRun(() -> {
            if (!stopping.get()) {
                System.err.println("the server process " + pid + " exited");
                Runtime.getRuntime().halt(1);
            }
        }));
        System.out.println("ready url=" + url + " pid=" + pid);
        System.out.flush();
        stopped.await();
    }

    /** Reads the postmaster's pid from the first line of {@code postmaster.pid} in the data directory. */
    private static long postmasterPid(Path dataDir) throws java.io.IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        return Long.parseLong(java.nio.file.Files.readAllLines(pidFile).get(0).trim());
    }
}
