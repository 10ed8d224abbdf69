package dev.tandem.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ot.OtType;
import dev.tandem.ot.Side;
import dev.tandem.ot.TypeRegistry;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Apply and transform of Tandem's OT types on the cases of the shared fixture (see fixture.js),
 * which reference.js measures with the npm packages. The fixture path comes from the system
 * property {@code tandem.fixture}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OtBenchmark {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeRegistry TYPES = TypeRegistry.standard();

    /** Every apply case of the fixture is two ops, the second giving the document back. */
    static final int OPS_PER_APPLY_CASE = 2;

    /** Case names, the same as in the fixture. They contain no commas, because JMH's -p splits values at commas. */
    @State(Scope.Benchmark)
    public static class ApplyCase {
        @Param({
            "text-unicode: insert char then delete it",
            "text-unicode: delete word then retype it",
            "rich-text: insert char then delete it",
            "rich-text: delete word then retype it",
            "rich-text: bold a paragraph then unbold it",
            "json0: li an item then ld it",
            "json0: oi a field (replace) then back",
            "json0: si in a field then sd it",
        })
        public String name;

        OtType type;
        Object document;
        Object first;
        Object second;

        @Setup
        public void setUp() throws IOException {
            Map<String, Object> fixture = fixture();
            Map<String, Object> c = findCase(fixture, "apply", name);
            type = TYPES.find((String) c.get("type")).orElseThrow();
            Map<?, ?> docs = (Map<?, ?>) fixture.get("docs");
            // The snapshot is the type's own value, as the server keeps it between ops.
            document = type.create(docs.get(c.get("doc")));
            List<?> ops = (List<?>) c.get("ops");
            if (ops.size() != OPS_PER_APPLY_CASE) {
                throw new IllegalStateException(name + ": expected " + OPS_PER_APPLY_CASE + " ops");
            }
            first = ops.get(0);
            second = ops.get(1);
            Object after = type.apply(type.apply(document, first), second);
            if (!asTree(after).equals(asTree(document))) {
                throw new IllegalStateException(name + ": the ops do not give the document back");
            }
        }
    }

    @State(Scope.Benchmark)
    public static class TransformCase {
        @Param({
            "text-unicode: insert vs concurrent insert",
            "text-unicode: delete word vs insert in it",
            "rich-text: insert vs concurrent insert",
            "rich-text: insert vs bold of its paragraph",
            "json0: li vs concurrent ld",
            "json0: oi vs concurrent li before it",
            "json0: si vs concurrent si in the field",
        })
        public String name;

        OtType type;
        Object op;
        Object other;

        @Setup
        public void setUp() throws IOException {
            Map<String, Object> c = findCase(fixture(), "transform", name);
            type = TYPES.find((String) c.get("type")).orElseThrow();
            op = c.get("op");
            other = c.get("other");
            JsonNode result = asTree(type.transform(op, other, Side.LEFT));
            JsonNode expected = asTree(c.get("expected"));
            if (!result.equals(expected)) {
                throw new IllegalStateException(name + ": transform gives " + result
                        + ", the reference gives " + expected);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS_PER_APPLY_CASE)
    public Object apply(ApplyCase c) {
        return c.type.apply(c.type.apply(c.document, c.first), c.second);
    }

    @Benchmark
    public Object transform(TransformCase c) {
        return c.type.transform(c.op, c.other, Side.LEFT);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> fixture() throws IOException {
        String path = System.getProperty("tandem.fixture");
        if (path == null) {
            throw new IllegalStateException("set -Dtandem.fixture to the fixture written by fixture.js");
        }
        return MAPPER.readValue(new File(path), Map.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> findCase(Map<String, Object> fixture, String kind, String name) {
        Map<String, Object> cases = (Map<String, Object>) fixture.get("cases");
        for (Object c : (List<?>) cases.get(kind)) {
            if (name.equals(((Map<?, ?>) c).get("name"))) {
                return (Map<String, Object>) c;
            }
        }
        throw new IllegalStateException("no " + kind + " case named " + name);
    }

    /** Converts a value to a Jackson tree, so that values compare whatever their number classes and key order. */
    static JsonNode asTree(Object value) throws IOException {
        return MAPPER.readTree(MAPPER.writeValueAsString(value));
    }
}
