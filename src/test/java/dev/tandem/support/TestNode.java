package dev.tandem.support;

import dev.tandem.Node;
import dev.tandem.config.TandemConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A Tandem node started in the test JVM on free ports, alone in its own Hazelcast cluster, against
 * the PostgreSQL and Redis named by {@code TANDEM_PG_URL} and {@code TANDEM_REDIS_URL} (the local
 * servers by default; an empty value starts embedded ones).
 */
public final class TestNode implements AutoCloseable {

    public static final String DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test";
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

    private final Node node;
    private final int httpPort;

    private TestNode(Node node, int httpPort) {
        this.node = node;
        this.httpPort = httpPort;
    }

    public static TestNode start(Map<String, String> overrides) throws Exception {
        int httpPort = freePort();
        int clusterPort = freePort();
        Path dataDir = Files.createTempDirectory("tandem-test-node");
        Map<String, String> environment = new HashMap<>();
        environment.put("TANDEM_HTTP_HOST", "127.0.0.1");
        environment.put("TANDEM_HTTP_PORT", String.valueOf(httpPort));
        environment.put("TANDEM_CLUSTER_PORT", String.valueOf(clusterPort));
        environment.put("TANDEM_CLUSTER_MEMBERS", "127.0.0.1:" + clusterPort);
        environment.put("TANDEM_CLUSTER_NAME", "tandem-test-" + UUID.randomUUID());
        environment.put("TANDEM_DATA_DIR", dataDir.toString());
        environment.put("TANDEM_PG_URL", System.getenv().getOrDefault("TANDEM_PG_URL", DEFAULT_PG_URL));
        environment.put("TANDEM_REDIS_URL", System.getenv().getOrDefault("TANDEM_REDIS_URL", DEFAULT_REDIS_URL));
        environment.putAll(overrides);
        Node node = new Node(TandemConfig.fromSources(Map.of(), environment, "test"));
        try {
            node.start();
        } catch (Exception e) {
            node.stop();
            throw e;
        }
        return new TestNode(node, httpPort);
    }

    public static TestNode start() throws Exception {
        return start(Map.of());
    }

    public int httpPort() {
        return httpPort;
    }

    public String webSocketUri(String user) {
        return "ws://127.0.0.1:" + httpPort + "/sharedb?user=" + user;
    }

    @Override
    public void close() {
        node.stop();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
