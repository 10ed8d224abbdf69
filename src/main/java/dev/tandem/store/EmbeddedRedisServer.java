package dev.tandem.store;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * A Redis server run from the binary bundled with codemonstur embedded-redis (Redis 6.2 on Linux
 * x86-64), for running Tandem with no configuration. It listens on loopback only and persists
 * nothing, because Redis only caches snapshots that PostgreSQL stores.
 *
 * <p>All methods block while the process starts or stops, so call them from a worker thread, for
 * example through {@code vertx.executeBlocking}, never on an event loop.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);

    private final RedisServer server;
    private final int port;

    private EmbeddedRedisServer(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts Redis on {@code 127.0.0.1:port}, or a free port when it is 0; blocks until it accepts connections. */
    public static EmbeddedRedisServer start(int requestedPort) throws IOException {
        // Redis reads port 0 as "do not listen on TCP", so a free port is chosen here instead.
        int port = requestedPort;
        if (port == 0) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
        }
        RedisServer server = RedisServer.newRedisServer()
                .port(port)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                .build();
        server.start();
        log.atInfo().addKeyValue("port", port).log("Embedded Redis started");
        return new EmbeddedRedisServer(server, port);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the Redis process; blocks. */
    @Override
    public void close() throws IOException {
        server.stop();
        log.info("Embedded Redis stopped");
    }
}
