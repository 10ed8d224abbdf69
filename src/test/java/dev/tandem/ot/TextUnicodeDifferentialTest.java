package dev.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays vectors made by scripts/vectors/text-unicode.js from the npm reference ot-text-unicode.
 *
 * <p>The committed resource is used unless the system property {@code tandem.vectors.file} names
 * another vector file, such as one generated with a fresh seed.
 */
class TextUnicodeDifferentialTest {

    private static final String FILE_PROPERTY = "tandem.vectors.file";
    private static final String RESOURCE = "/vectors/text-unicode.json";
    private static final int MAX_REPORTED = 20;
    private static final int MIN_CASES = 10_000;

    private static List<Map<String, Object>> cases;

    private final TextUnicodeType type = new TextUnicodeType();

    @BeforeAll
    static void loadVectors() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        TypeReference<List<Map<String, Object>>> listOfCases = new TypeReference<>() {};
        String file = System.getProperty(FILE_PROPERTY);
        if (file != null && !file.isBlank()) {
            cases = mapper.readValue(Files.readString(Path.of(file)), listOfCases);
            return;
        }
        try (InputStream in = TextUnicodeDifferentialTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("test resource %s", RESOURCE).isNotNull();
            cases = mapper.readValue(in, listOfCases);
        }
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
        List<String> mismatches = compareAll("applyA", c -> type.apply(c.get("doc"), c.get("opA")));

        assertThat(mismatches).isEmpty();
    }

    @Test
    void transformLeftMatchesReference() {
        List<String> mismatches = compareAll("left", c -> type.transform(c.get("opA"), c.get("opB"), Side.LEFT));

        assertThat(mismatches).isEmpty();
    }

    @Test
    void transformRightMatchesReference() {
        List<String> mismatches = compareAll("right", c -> type.transform(c.get("opA"), c.get("opB"), Side.RIGHT));

        assertThat(mismatches).isEmpty();
    }

    @Test
    void composeMatchesReference() {
        List<String> mismatches = compareAll("compose", c -> type.compose(c.get("opA"), c.get("opC")));

        assertThat(mismatches).isEmpty();
    }

    @Test
    void normalizeMatchesReference() {
        List<String> mismatches = compareAll("normalized", c -> type.normalize(c.get("messy")));

        assertThat(mismatches).isEmpty();
    }

    /**
     * Checks convergence on the normalized ops only, because the reference itself does not converge
     * when the op transformed on the left side contains adjacent inserts.
     */
    @Test
    void transformedNormalizedOpsConverge() {
        List<String> mismatches = new ArrayList<>();

        for (int i = 0; i < cases.size() && mismatches.size() < MAX_REPORTED; i++) {
            Map<String, Object> c = cases.get(i);
            Object a = type.normalize(c.get("opA"));
            Object b = type.normalize(c.get("opB"));
            Object viaA = type.apply(type.apply(c.get("doc"), a), type.transform(b, a, Side.RIGHT));
            Object viaB = type.apply(type.apply(c.get("doc"), b), type.transform(a, b, Side.LEFT));
            if (!viaA.equals(viaB)) {
                mismatches.add("case " + i + ": " + viaA + " != " + viaB);
            }
        }

        assertThat(mismatches).isEmpty();
    }

    @Test
    void composedOpMatchesSequentialApply() {
        List<String> mismatches = new ArrayList<>();

        for (int i = 0; i < cases.size() && mismatches.size() < MAX_REPORTED; i++) {
            Map<String, Object> c = cases.get(i);
            Object sequential = type.apply(c.get("applyA"), c.get("opC"));
            Object composed = type.apply(c.get("doc"), c.get("compose"));
            if (!sequential.equals(composed)) {
                mismatches.add("case " + i + ": " + composed + " != " + sequential);
            }
        }

        assertThat(mismatches).isEmpty();
    }

    /** Returns one line per case whose computed value differs from the reference value under {@code key}. */
    private List<String> compareAll(String key, Function<Map<String, Object>, Object> compute) {
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < cases.size() && mismatches.size() < MAX_REPORTED; i++) {
            Map<String, Object> c = cases.get(i);
            Object expected = canonical(c.get(key));
            Object actual;
            try {
                actual = canonical(compute.apply(c));
            } catch (OtException e) {
                actual = "rejected: " + e.getMessage();
            }
            if (!expected.equals(actual)) {
                mismatches.add("case " + i + " " + c + ": " + key + " expected " + expected + " but was " + actual);
            }
        }
        return mismatches;
    }

    /** Returns a copy of a JSON value with every number as a Long, so Integer 3 equals Long 3. */
    static Object canonical(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) {
                copy.add(canonical(item));
            }
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                copy.put(entry.getKey(), canonical(entry.getValue()));
            }
            return copy;
        }
        return value;
    }
}
