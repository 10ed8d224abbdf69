package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.RenderedChart;
import dev.tandem.support.TestNode;
import dev.tandem.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, each its own JVM, started with the environment that the Helm chart gives a pod: they
 * form one cluster, serve one collection between them and stop cleanly on SIGTERM. Both run on this
 * host, so each keeps the chart's values except for what a shared host forces: the pod address
 * becomes 127.0.0.1, the members' DNS names become localhost, and each node gets its own HTTP and
 * event-bus port.
 */
class HelmChartNodesTest {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void chartPodsJoinServeAndStop() throws Exception {
        // Kept after the run, like the Node tests' node logs, for a failure to be read.
        Path logs = Files.createDirectories(Path.of("target", "chart-pod-logs"));
        int clusterPort = freePort();
        Map<String, Object> values = RenderedChart.requiredValues();
        values.put("postgres.url", System.getenv().getOrDefault("TANDEM_PG_URL", TestNode.DEFAULT_PG_URL));
        values.put("redis.url", System.getenv().getOrDefault("TANDEM_REDIS_URL", TestNode.DEFAULT_REDIS_URL));
        values.put("cluster.name", "tandem-chart-test-" + UUID.randomUUID());
        values.put("cluster.port", clusterPort);
        values.put("replicaCount", 2);
        Map<String, String> podEnvironment = RenderedChart.render(values).nodeEnvironment();
        String members = podEnvironment.get("TANDEM_CLUSTER_MEMBERS")
                .replaceAll("[^,:]+\\.svc\\.cluster\\.local", "localhost");
        assertThat(members).isEqualTo("localhost:" + clusterPort + ",localhost:" + clusterPort);

        int[] httpPorts = {freePort(), freePort()};
        for (int ordinal = 0; ordinal < 2; ordinal++) {
            processes.add(startPod(podEnvironment, members, httpPorts[ordinal], logs.resolve("pod-" + ordinal + ".log")));
        }
        for (int ordinal = 0; ordinal < 2; ordinal++) {
            awaitReady(httpPorts[ordinal], processes.get(ordinal), logs.resolve("pod-" + ordinal + ".log"));
        }
        assertThat(Files.readString(logs.resolve("pod-0.log")) + Files.readString(logs.resolve("pod-1.log")))
                .as("one of the pods saw both members when it joined").contains("members=2")
                .as("the pods log JSON lines").contains("\"formattedMessage\":\"Tandem node started: node=");

        Vertx vertx = Vertx.vertx();
        try {
            String token = new Tokens(vertx).sign(new JsonObject().put("sub", "chart-user"), 600);
            String collection = "chart" + UUID.randomUUID().toString().replace("-", "");
            // Documents spread over both owners, so creates through pod 1 also cross the event bus.
            for (int i = 0; i < 8; i++) {
                HttpResponse<String> created = send(HttpRequest.newBuilder(documentUri(httpPorts[1], collection, "d" + i))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"text-unicode\",\"data\":\"text " + i + "\"}")));
                assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
                HttpResponse<String> read = send(HttpRequest.newBuilder(documentUri(httpPorts[0], collection, "d" + i))
                        .header("Authorization", "Bearer " + token).GET());
                assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
                assertThat(new JsonObject(read.body()).getString("data")).isEqualTo("text " + i);
            }
        } finally {
            vertx.close().await();
        }

        // The kubelet stops a pod with SIGTERM; a node exits 0 once it has drained.
        for (Process pod : processes) {
            pod.destroy();
        }
        for (Process pod : processes) {
            assertThat(pod.waitFor(60, TimeUnit.SECONDS)).as("pod stopped within the grace period").isTrue();
            assertThat(pod.exitValue()).isZero();
        }
    }

    private Process startPod(Map<String, String> podEnvironment, String members, int httpPort, Path log)
            throws IOException {
        // The image's entry point: java $JAVA_OPTS -jar tandem.jar, with the test classpath for the jar.
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(podEnvironment.get("JAVA_OPTS").trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("TANDEM_"));
        podEnvironment.forEach((name, value) -> {
            if (!value.startsWith("from:")) {
                environment.put(name, value.replace("$(POD_IP)", "127.0.0.1"));
            }
        });
        // What the kubelet would fill in from the pod's status and the named Secret.
        environment.put("POD_IP", "127.0.0.1");
        environment.put("TANDEM_JWT_SECRET", Tokens.SECRET);
        environment.put("TANDEM_CLUSTER_MEMBERS", members);
        environment.put("TANDEM_HTTP_PORT", String.valueOf(httpPort));
        environment.put("TANDEM_EVENT_BUS_PORT", "0");
        environment.put("TANDEM_DATA_DIR", log.getParent().resolve("data-" + httpPort).toString());
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        return builder.start();
    }

    private void awaitReady(int httpPort, Process pod, Path log) throws Exception {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!pod.isAlive()) {
                throw new AssertionError("pod exited with " + pod.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> ready = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/health/ready")).GET());
                if (ready.statusCode() == 200) {
                    return;
                }
                last = ready.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("pod on port " + httpPort + " not ready (" + last + "):\n" + Files.readString(log));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI documentUri(int httpPort, String collection, String id) {
        return URI.create("http://127.0.0.1:" + httpPort + "/api/v1/documents/" + collection + "/" + id);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
