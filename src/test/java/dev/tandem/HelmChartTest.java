package dev.tandem;

import static dev.tandem.support.RenderedChart.at;
import static dev.tandem.support.RenderedChart.list;
import static dev.tandem.support.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.tandem.config.Setting;
import dev.tandem.support.RenderedChart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The Helm chart under helm/tandem, rendered and linted by Helm's library. */
class HelmChartTest {

    /** Variables the node reads that are not settings but Logback's. */
    private static final Set<String> LOGBACK_VARIABLES = Set.of("TANDEM_LOG_APPENDER", "TANDEM_LOG_LEVEL");

    @Test
    void lintPassesWithRequiredValues(@TempDir Path copy) throws IOException {
        // Helm lints with the chart's own values.yaml, so a copy gets the required values filled in.
        copyTree(RenderedChart.CHART, copy);
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Map<String, Object> values;
        try (InputStream in = Files.newInputStream(copy.resolve("values.yaml"))) {
            values = map(yaml.load(in));
        }
        RenderedChart.requiredValues().forEach((path, value) -> put(values, path.split("\\."), value));
        Files.writeString(copy.resolve("values.yaml"), yaml.dump(values));

        LintResult result = new Helm(copy).lint().strict().call();

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void nodeVariablesAreKnownSettings() {
        Set<String> settings = Arrays.stream(Setting.values()).map(Setting::environmentVariable).collect(Collectors.toSet());
        Map<String, Object> values = RenderedChart.requiredValues();
        values.put("http.allowedOrigins[0]", "https://docs.example.com");
        values.put("auth.jwt.issuer", "https://issuer.example.com");
        values.put("auth.jwt.audience", "tandem");

        Set<String> variables = RenderedChart.render(values).nodeEnvironment().keySet().stream()
                .filter(name -> name.startsWith("TANDEM_")).collect(Collectors.toSet());

        assertThat(variables).isNotEmpty().allMatch(name -> settings.contains(name) || LOGBACK_VARIABLES.contains(name));
        assertThat(variables).contains("TANDEM_PG_URL", "TANDEM_REDIS_URL", "TANDEM_CLUSTER_MEMBERS", "TANDEM_CLUSTER_HOST",
                "TANDEM_ALLOWED_ORIGINS", "TANDEM_JWT_ISSUER", "TANDEM_JWT_AUDIENCE");
    }

    @Test
    void membersListEveryOrdinal() {
        Map<String, Object> values = RenderedChart.requiredValues();
        values.put("replicaCount", 5);
        values.put("cluster.port", 5710);

        RenderedChart chart = RenderedChart.render(values);

        Map<String, Object> statefulSet = chart.only("StatefulSet");
        String fullName = (String) at(statefulSet, "metadata", "name");
        String service = (String) at(statefulSet, "spec", "serviceName");
        List<String> expected = IntStream.range(0, 5)
                .mapToObj(i -> fullName + "-" + i + "." + service + "." + RenderedChart.NAMESPACE + ".svc.cluster.local:5710")
                .toList();
        Map<String, String> environment = chart.nodeEnvironment();
        assertThat(environment.get("TANDEM_CLUSTER_MEMBERS").split(",")).containsExactlyElementsOf(expected);
        assertThat(environment.get("TANDEM_CLUSTER_HOST")).isEqualTo("$(POD_IP)");
        assertThat(environment.get("TANDEM_CLUSTER_PORT")).isEqualTo("5710");
        assertThat(at(statefulSet, "spec", "replicas")).isEqualTo(5);

        Map<String, Object> headless = chart.ofKind("Service").stream()
                .filter(s -> service.equals(at(s, "metadata", "name"))).findFirst().orElseThrow();
        assertThat(at(headless, "spec", "clusterIP")).isEqualTo("None");
        // Nodes are ready only after they joined, so the join must see nodes that are not ready.
        assertThat(at(headless, "spec", "publishNotReadyAddresses")).isEqualTo(true);
        assertThat(at(headless, "spec", "selector")).isEqualTo(at(statefulSet, "spec", "selector", "matchLabels"));
    }

    @Test
    void probesUseHealthRoutes() {
        Map<String, Object> values = RenderedChart.requiredValues();
        values.put("http.port", 9090);

        RenderedChart chart = RenderedChart.render(values);

        Map<String, Object> container = chart.nodeContainer();
        assertThat(at(container, "startupProbe", "httpGet", "path")).isEqualTo("/health/live");
        assertThat(at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/health/live");
        assertThat(at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/health/ready");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(at(container, probe, "httpGet", "port")).isEqualTo("http");
        }
        Map<String, Object> httpPort = list(container.get("ports")).stream().map(RenderedChart::map)
                .filter(p -> "http".equals(p.get("name"))).findFirst().orElseThrow();
        assertThat(httpPort.get("containerPort")).isEqualTo(9090);
        assertThat(chart.nodeEnvironment().get("TANDEM_HTTP_PORT")).isEqualTo("9090");
    }

    @Test
    void budgetAndServicesSelectNodes() {
        RenderedChart chart = RenderedChart.render(RenderedChart.requiredValues());

        Object podLabels = at(chart.only("StatefulSet"), "spec", "template", "metadata", "labels");
        Map<String, Object> selector = map(at(chart.only("PodDisruptionBudget"), "spec", "selector", "matchLabels"));
        assertThat(map(podLabels)).containsAllEntriesOf(selector);
        assertThat(at(chart.only("PodDisruptionBudget"), "spec", "maxUnavailable")).isEqualTo(1);
        for (Map<String, Object> service : chart.ofKind("Service")) {
            assertThat(map(podLabels)).containsAllEntriesOf(map(at(service, "spec", "selector")));
        }
    }

    @Test
    void networkPolicyKeepsClusterPortsToNodes() {
        RenderedChart chart = RenderedChart.render(RenderedChart.requiredValues());

        Map<String, Object> policy = chart.only("NetworkPolicy");
        Object podLabels = at(chart.only("StatefulSet"), "spec", "template", "metadata", "labels");
        assertThat(map(podLabels)).containsAllEntriesOf(map(at(policy, "spec", "podSelector", "matchLabels")));
        List<Map<String, Object>> rules = list(at(policy, "spec", "ingress")).stream().map(RenderedChart::map).toList();
        Map<String, Object> clusterRule = rules.get(0);
        Map<String, Object> source = map(list(clusterRule.get("from")).get(0));
        assertThat(map(podLabels)).containsAllEntriesOf(map(at(source, "podSelector", "matchLabels")));
        assertThat(list(clusterRule.get("ports")).stream().map(p -> map(p).get("port")))
                .containsExactlyInAnyOrder("hazelcast", "event-bus");
        Map<String, Object> httpRule = rules.get(1);
        assertThat(list(httpRule.get("ports")).stream().map(p -> map(p).get("port"))).containsExactly("http");
        assertThat(httpRule).doesNotContainKey("from");
        Set<String> containerPorts = list(chart.nodeContainer().get("ports")).stream()
                .map(p -> (String) map(p).get("name")).collect(Collectors.toSet());
        assertThat(containerPorts).contains("http", "hazelcast", "event-bus");
    }

    @Test
    void largeNumbersInValuesFileRenderAsIntegers(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("values.yaml");
        Files.writeString(file, "extraEnv:\n  TANDEM_MAX_DOCUMENT_BYTES: 33554432\n  TANDEM_IDLE_UNLOAD_MILLIS: 1800000\n"
                + "cluster:\n  port: 5701\n");

        Map<String, String> environment = RenderedChart.render(RenderedChart.requiredValues(), file).nodeEnvironment();

        assertThat(environment).containsEntry("TANDEM_MAX_DOCUMENT_BYTES", "33554432")
                .containsEntry("TANDEM_IDLE_UNLOAD_MILLIS", "1800000").containsEntry("TANDEM_CLUSTER_PORT", "5701");
    }

    @Test
    void extraEnvCannotSetChartVariables() {
        Map<String, Object> values = RenderedChart.requiredValues();
        values.put("extraEnv.TANDEM_HTTP_PORT", "9090");

        assertThatThrownBy(() -> RenderedChart.render(values)).hasMessageContaining("extraEnv.TANDEM_HTTP_PORT is set by the chart");
    }

    @Test
    void unknownEnvironmentIsRefused() {
        Map<String, Object> values = RenderedChart.requiredValues();
        values.put("environment", "staging");

        assertThatThrownBy(() -> RenderedChart.render(values)).hasMessageContaining("environment must be");
    }

    @Test
    void setScaledToZeroStillListsOrdinalZero() {
        Map<String, Object> values = RenderedChart.requiredValues();
        values.put("replicaCount", 0);

        String members = RenderedChart.render(values).nodeEnvironment().get("TANDEM_CLUSTER_MEMBERS");

        assertThat(members).startsWith("docs-tandem-0.docs-tandem-cluster.").doesNotContain(",");
    }

    @Test
    void invalidFullNameRejected() {
        Map<String, Object> values = RenderedChart.requiredValues();
        values.put("fullnameOverride", "tandem.docs");

        assertThatThrownBy(() -> RenderedChart.render(values)).hasMessageContaining("not a valid Kubernetes service name");
    }

    @Test
    void podsGetNoServiceLinkVariables() {
        Map<String, Object> podSpec = map(at(RenderedChart.render(RenderedChart.requiredValues()).only("StatefulSet"),
                "spec", "template", "spec"));

        assertThat(podSpec).containsEntry("enableServiceLinks", false);
    }

    @Test
    void storesComeFromSecretsWhenNamed() {
        Map<String, Object> values = RenderedChart.requiredValues();
        values.remove("postgres.url");
        values.put("postgres.existingSecret", "tandem-stores");
        values.put("redis.existingSecret", "tandem-stores");

        Map<String, String> environment = RenderedChart.render(values).nodeEnvironment();

        assertThat(environment.get("TANDEM_PG_URL")).contains("tandem-stores").contains("postgres-url");
        assertThat(environment.get("TANDEM_REDIS_URL")).contains("tandem-stores").contains("redis-url");
    }

    @Test
    void missingPostgresFailsRendering() {
        Map<String, Object> values = RenderedChart.requiredValues();
        values.remove("postgres.url");

        assertThatThrownBy(() -> RenderedChart.render(values))
                .hasMessageContaining("postgres.url or postgres.existingSecret is required");
    }

    @Test
    void missingRedisFailsRendering() {
        Map<String, Object> values = RenderedChart.requiredValues();
        values.remove("redis.url");

        assertThatThrownBy(() -> RenderedChart.render(values))
                .hasMessageContaining("redis.url or redis.existingSecret is required");
    }

    @Test
    void jwtModeNeedsExactlyOneKeySource() {
        Map<String, Object> none = RenderedChart.requiredValues();
        none.remove("auth.jwt.secretFrom.name");
        Map<String, Object> two = RenderedChart.requiredValues();
        two.put("auth.jwt.jwksFrom.name", "tandem-jwks");

        for (Map<String, Object> values : List.of(none, two)) {
            assertThatThrownBy(() -> RenderedChart.render(values)).hasMessageContaining("exactly one of");
        }
    }

    @Test
    void devAuthIsRefusedInProduction() {
        Map<String, Object> values = RenderedChart.requiredValues();
        values.put("auth.mode", "dev");

        assertThatThrownBy(() -> RenderedChart.render(values)).hasMessageContaining("environment: development");

        values.put("environment", "development");
        assertThat(RenderedChart.render(values).nodeEnvironment()).containsEntry("TANDEM_AUTH_MODE", "dev")
                .doesNotContainKey("TANDEM_JWT_SECRET");
    }

    @Test
    void publicKeyMountedWhereNodeReads() {
        Map<String, Object> values = RenderedChart.requiredValues();
        values.remove("auth.jwt.secretFrom.name");
        values.put("auth.jwt.publicKeyFrom.name", "tandem-jwt-key");

        RenderedChart chart = RenderedChart.render(values);

        String file = chart.nodeEnvironment().get("TANDEM_JWT_PUBLIC_KEY_FILE");
        assertThat(file).isEqualTo("/etc/tandem/jwt/public-key.pem");
        Map<String, Object> mount = list(chart.nodeContainer().get("volumeMounts")).stream().map(RenderedChart::map)
                .filter(m -> "jwt-keys".equals(m.get("name"))).findFirst().orElseThrow();
        assertThat(file).startsWith(mount.get("mountPath") + "/");
        Map<String, Object> volume = list(at(chart.only("StatefulSet"), "spec", "template", "spec", "volumes")).stream()
                .map(RenderedChart::map).filter(v -> "jwt-keys".equals(v.get("name"))).findFirst().orElseThrow();
        assertThat(at(volume, "secret", "secretName")).isEqualTo("tandem-jwt-key");
    }

    @Test
    void ingressIsRenderedOnlyWhenEnabled() {
        assertThat(RenderedChart.render(RenderedChart.requiredValues()).ofKind("Ingress")).isEmpty();

        Map<String, Object> values = RenderedChart.requiredValues();
        values.put("ingress.enabled", true);
        Map<String, Object> ingress = RenderedChart.render(values).only("Ingress");

        Map<String, Object> path = map(list(at(map(list(at(ingress, "spec", "rules")).get(0)), "http", "paths")).get(0));
        assertThat(at(path, "backend", "service", "port", "name")).isEqualTo("http");
    }

    private static void put(Map<String, Object> tree, String[] path, Object value) {
        Map<String, Object> current = tree;
        for (int i = 0; i < path.length - 1; i++) {
            current = map(current.computeIfAbsent(path[i], k -> new HashMap<String, Object>()));
        }
        current.put(path[path.length - 1], value);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
