package dev.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays vectors made by scripts/vectors/json0.js from the npm reference ot-json0 1.1.0.
 *
 * <p>The committed resource is used unless the system property {@code tandem.vectors.file.json0}
 * names another vector file, such as one generated with a fresh seed.
 */
class Json0DifferentialTest {

    static final String FILE_PROPERTY = "tandem.vectors.file.json0";
    private static final String RESOURCE = "/vectors/json0.json";
    private static final int MAX_REPORTED = 20;
    private static final int MIN_CASES = 10_000;

    private static List<Map<String, Object>> cases;

    private final Json0Type type = newType();

    static Json0Type newType() {
        TextUnicodeType textUnicode = new TextUnicodeType();
        return new Json0Type(name -> name.equals(textUnicode.name()) ? Optional.of(textUnicode) : Optional.empty());
    }

    @BeforeAll
    static void loadVectors() throws IOException {
        String file = System.getProperty(FILE_PROPERTY);
        if (file != null && !file.isBlank()) {
            cases = readVectors(Path.of(file));
            return;
        }
        try (InputStream in = Json0DifferentialTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("test resource %s", RESOURCE).isNotNull();
            cases = new ObjectMapper().readValue(in, new TypeReference<>() {});
        }
    }

    static List<Map<String, Object>> readVectors(Path file) throws IOException {
        return new ObjectMapper().readValue(Files.readString(file), new TypeReference<>() {});
    }

    @Test
    @EnabledIfSystemProperty(named = FILE_PROPERTY, matches = ".+")
    void vectorsFileFromPropertyIsReplayed() {
        assertThat(cases).as("cases in %s", System.getProperty(FILE_PROPERTY)).isNotEmpty();
    }

    @Test
    void committedVectorsAreComplete() {
        if (System.getProperty(FILE_PROPERTY) != null) {
            return;
        }

        assertThat(cases).hasSizeGreaterThanOrEqualTo(MIN_CASES);
    }

    @Test
    void applyMatchesReference() {
        List<String> mismatches = new ArrayList<>();

        mismatches.addAll(compareAll(cases, "applyA", c -> type.apply(c.get("doc"), c.get("opA"))));
        mismatches.addAll(compareAll(cases, "applyB", c -> type.apply(c.get("doc"), c.get("opB"))));

        assertThat(mismatches).isEmpty();
    }

    @Test
    void transformLeftMatchesReference() {
        List<String> mismatches = compareAll(cases, "left", c -> type.transform(c.get("opA"), c.get("opB"), Side.LEFT));

        assertThat(mismatches).isEmpty();
    }

    @Test
    void transformRightMatchesReference() {
        List<String> mismatches = compareAll(cases, "bRight",
                c -> type.transform(c.get("opB"), c.get("opA"), Side.RIGHT));

        assertThat(mismatches).isEmpty();
    }

    @Test
    void composeMatchesReference() {
        List<String> mismatches = compareAll(cases, "compose", c -> type.compose(c.get("opA"), c.get("opC")));

        assertThat(mismatches).isEmpty();
    }

    @Test
    void normalizeMatchesReference() {
        List<Map<String, Object>> withNormalized = cases.stream().filter(c -> c.get("normalized") != null).toList();

        List<String> mismatches = compareAll(withNormalized, "normalized", c -> {
            List<Object> both = new ArrayList<>((List<?>) c.get("opA"));
            both.addAll((List<?>) c.get("opC"));
            return type.normalize(both);
        });

        assertThat(withNormalized).isNotEmpty();
        assertThat(mismatches).isEmpty();
    }

    @Test
    void invertMatchesReference() {
        List<Map<String, Object>> invertible = cases.stream().filter(c -> c.get("invert") != null).toList();

        List<String> mismatches = compareAll(invertible, "invert", c -> type.invert(c.get("opA"), null));

        assertThat(invertible).isNotEmpty();
        assertThat(mismatches).isEmpty();
    }

    @Test
    void invertUndoesApply() {
        List<String> mismatches = new ArrayList<>();

        for (int i = 0; i < cases.size() && mismatches.size() < MAX_REPORTED; i++) {
            Map<String, Object> c = cases.get(i);
            if (c.get("invert") == null) {
                continue;
            }
            Object undone = type.apply(c.get("applyA"), type.invert(c.get("opA"), null));
            if (!canonical(undone).equals(canonical(c.get("doc")))) {
                mismatches.add("case " + i + ": " + undone + " != " + c.get("doc"));
            }
        }

        assertThat(mismatches).isEmpty();
    }

    /**
     * Applies the reference's transformed ops. Where the reference result would break a strict
     * check (the generator stores null), Tandem must reject the op instead of applying it.
     */
    @Test
    void transformedOpsApplyLikeReference() {
        List<String> mismatches = new ArrayList<>();
        mismatches.addAll(compareAll(cases, "afterBA", c -> applyOrNull(c.get("applyB"), c.get("left"))));
        mismatches.addAll(compareAll(cases, "afterAB", c -> applyOrNull(c.get("applyA"), c.get("bRight"))));

        assertThat(mismatches).isEmpty();
    }

    /**
     * Checks convergence of Tandem's own transforms on the cases where the reference converges;
     * json0 does not converge on some pairs of moves, among others.
     */
    @Test
    void transformedOpsConverge() {
        List<String> mismatches = new ArrayList<>();
        int checked = 0;

        for (int i = 0; i < cases.size() && mismatches.size() < MAX_REPORTED; i++) {
            Map<String, Object> c = cases.get(i);
            if (!Boolean.TRUE.equals(c.get("converges"))) {
                continue;
            }
            checked++;
            Object a = c.get("opA");
            Object b = c.get("opB");
            Object viaA = type.apply(type.apply(c.get("doc"), a), type.transform(b, a, Side.RIGHT));
            Object viaB = type.apply(type.apply(c.get("doc"), b), type.transform(a, b, Side.LEFT));
            if (!canonical(viaA).equals(canonical(viaB))) {
                mismatches.add("case " + i + ": " + viaA + " != " + viaB);
            }
        }

        assertThat(checked).isGreaterThan(cases.size() / 2);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void composedOpMatchesSequentialApply() {
        List<String> mismatches = compareAll(cases, "composedApply",
                c -> type.apply(c.get("doc"), c.get("compose")),
                c -> type.apply(c.get("applyA"), c.get("opC")));

        assertThat(mismatches).isEmpty();
    }

    private Object applyOrNull(Object snapshot, Object op) {
        try {
            return type.apply(snapshot, op);
        } catch (OtException e) {
            return null;
        }
    }

    private static List<String> compareAll(List<Map<String, Object>> vectors, String key,
            Function<Map<String, Object>, Object> compute) {
        return compareAll(vectors, key, compute, c -> c.get(key));
    }

    /** Returns one line per case whose computed value differs from the expected one. */
    private static List<String> compareAll(List<Map<String, Object>> vectors, String key,
            Function<Map<String, Object>, Object> compute, Function<Map<String, Object>, Object> expect) {
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < vectors.size() && mismatches.size() < MAX_REPORTED; i++) {
            Map<String, Object> c = vectors.get(i);
            Object expected = canonical(expect.apply(c));
            Object actual;
            try {
                actual = canonical(compute.apply(c));
            } catch (OtException e) {
                actual = "rejected: " + e.getMessage();
            }
            if (!String.valueOf(expected).equals(String.valueOf(actual))) {
                mismatches.add("case " + i + " " + c + ": " + key + " expected " + expected + " but was " + actual);
            }
        }
        return mismatches;
    }

    /**
     * Returns a copy of a JSON value that compares as JavaScript values do: numbers by value and
     * objects regardless of key order.
     */
    static Object canonical(Object value) {
        if (value instanceof Number number) {
            return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(canonical(item));
            }
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new TreeMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(entry.getKey(), canonical(entry.getValue()));
            }
            return copy;
        }
        return value;
    }
}
