package dev.tandem.support;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The manifests that {@code helm template} makes of the chart under {@code helm/tandem}, rendered
 * by Helm's own library, parsed into plain maps and lists.
 */
public final class RenderedChart {

    public static final Path CHART = Path.of("helm", "tandem");
    public static final String RELEASE = "docs";
    public static final String NAMESPACE = "editing";

    private final List<Map<String, Object>> manifests;

    private RenderedChart(List<Map<String, Object>> manifests) {
        this.manifests = manifests;
    }

    /** Renders release {@value #RELEASE} in namespace {@value #NAMESPACE} with these values set. */
    public static RenderedChart render(Map<String, Object> values) {
        return render(values, null);
    }

    /** Renders as {@link #render(Map)} does, with a values file read before the values set. */
    public static RenderedChart render(Map<String, Object> values, Path valuesFile) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (valuesFile != null) {
            template.withValuesFile(valuesFile);
        }
        values.forEach(template::set);
        String yaml = template.call();
        List<Map<String, Object>> manifests = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document != null) {
                manifests.add(map(document));
            }
        }
        return new RenderedChart(manifests);
    }

    /** Returns the values every rendering needs: the stores and one JWT key source. */
    public static Map<String, Object> requiredValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("postgres.url", "postgresql://tandem@postgres:5432/tandem");
        values.put("redis.url", "redis://redis:6379");
        values.put("auth.jwt.secretFrom.name", "tandem-jwt");
        return values;
    }

    public List<Map<String, Object>> all() {
        return manifests;
    }

    /** Returns the one manifest of this kind, such as StatefulSet. */
    public Map<String, Object> only(String kind) {
        List<Map<String, Object>> found = manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " but the chart rendered " + found.size());
        }
        return found.get(0);
    }

    public List<Map<String, Object>> ofKind(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    }

    /** Returns the StatefulSet's one container. */
    public Map<String, Object> nodeContainer() {
        List<Object> containers = list(at(only("StatefulSet"), "spec", "template", "spec", "containers"));
        if (containers.size() != 1) {
            throw new AssertionError("expected one container, found " + containers.size());
        }
        return map(containers.get(0));
    }

    /** Returns the node container's environment: each variable's literal value, or its source as "from:...". */
    public Map<String, String> nodeEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (Object entry : list(nodeContainer().get("env"))) {
            Map<String, Object> variable = map(entry);
            Object value = variable.get("value");
            String rendered = value != null ? String.valueOf(value) : "from:" + variable.get("valueFrom");
            if (environment.put(String.valueOf(variable.get("name")), rendered) != null) {
                throw new AssertionError("variable set twice: " + variable.get("name"));
            }
        }
        return environment;
    }

    /** Returns the value at a path of map keys. */
    public static Object at(Object root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m) || !m.containsKey(key)) {
                throw new AssertionError("no " + String.join(".", keys) + " (stopped at " + key + ")");
            }
            current = m.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError("expected a map: " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        if (!(value instanceof List<?>)) {
            throw new AssertionError("expected a list: " + value);
        }
        return (List<Object>) value;
    }
}
