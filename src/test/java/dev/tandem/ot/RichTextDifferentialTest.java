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
 * Replays vectors made by scripts/vectors/rich-text.js from the npm references rich-text 4.1.0 and
 * quill-delta 5.1.0.
 *
 * <p>The committed resource is used unless the system property {@code tandem.vectors.file.rich-text}
 * names another vector file, such as one generated with a fresh seed.
 */
class RichTextDifferentialTest {

    private static final String FILE_PROPERTY = "tandem.vectors.file.rich-text";
    private static final String RESOURCE = "/vectors/rich-text.json";
    private static final int MAX_REPORTED = 20;
    private static final int MIN_CASES = 10_000;

    private static List<Map<String, Object>> cases;

    private final RichTextType type = new RichTextType();

    @BeforeAll
    static void loadVectors() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        TypeReference<List<Map<String, Object>>> listOfCases = new TypeReference<>() {};
        String file = System.getProperty(FILE_PROPERTY);
        if (file != null && !file.isBlank()) {
            cases = mapper.readValue(Files.readString(Path.of(file)), listOfCases);
            return;
        }
        try (InputStream in = RichTextDifferentialTest.class.getResourceAsStream(RESOURCE)) {
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

    /** The expected value is the reference apply of opA without null attributes on its inserts. */
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
    void invertMatchesReference() {
        List<String> mismatches = compareAll("invertA", c -> type.invert(c.get("opA"), c.get("doc")));

        assertThat(mismatches).isEmpty();
    }

    /** The script omits normalizedA when the reference's canonical form equals opA itself. */
    @Test
    void normalizeMatchesReferenceCanonicalForm() {
        List<String> mismatches = new ArrayList<>();

        for (int i = 0; i < cases.size() && mismatches.size() < MAX_REPORTED; i++) {
            Map<String, Object> c = cases.get(i);
            Object expected = canonical(c.containsKey("normalizedA") ? c.get("normalizedA") : opsOf(c.get("opA")));
            Object actual = canonical(opsOf(type.normalize(c.get("opA"))));
            if (!expected.equals(actual)) {
                mismatches.add("case " + i + ": normalize expected " + expected + " but was " + actual);
            }
        }

        assertThat(mismatches).isEmpty();
    }

    @Test
    void transformPresenceMatchesReference() {
        List<String> mismatches = new ArrayList<>();

        for (int i = 0; i < cases.size() && mismatches.size() < MAX_REPORTED; i++) {
            Map<String, Object> c = cases.get(i);
            for (boolean own : new boolean[] {true, false}) {
                Object expected = canonical(c.get(own ? "presenceOwn" : "presenceOther"));
                Map<?, ?> moved = (Map<?, ?>) type.transformPresence(c.get("range"), c.get("opA"), own);
                Object actual = canonical(List.of(moved.get("index"), moved.get("length")));
                if (!expected.equals(actual)) {
                    mismatches.add("case " + i + " own=" + own + ": expected " + expected + " but was " + actual);
                }
            }
        }

        assertThat(mismatches).isEmpty();
    }

    @Test
    void transformedOpsConverge() {
        List<String> mismatches = new ArrayList<>();

        for (int i = 0; i < cases.size() && mismatches.size() < MAX_REPORTED; i++) {
            Map<String, Object> c = cases.get(i);
            Object a = c.get("opA");
            Object b = c.get("opB");
            Object viaA = type.apply(type.apply(c.get("doc"), a), type.transform(b, a, Side.LEFT));
            Object viaB = type.apply(type.apply(c.get("doc"), b), type.transform(a, b, Side.RIGHT));
            // Documents that were split differently converge to the same content, not the same JSON.
            if (!sameDocument(viaA, viaB)) {
                mismatches.add("case " + i + ": " + viaA + " != " + viaB);
            }
        }

        assertThat(mismatches).isEmpty();
    }

    @Test
    void invertUndoesApply() {
        List<String> mismatches = new ArrayList<>();

        for (int i = 0; i < cases.size() && mismatches.size() < MAX_REPORTED; i++) {
            Map<String, Object> c = cases.get(i);
            Object after = type.apply(c.get("doc"), c.get("opA"));
            Object restored = type.apply(after, type.invert(c.get("opA"), c.get("doc")));
            if (!sameDocument(restored, c.get("doc"))) {
                mismatches.add("case " + i + ": " + restored + " != " + c.get("doc"));
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
                actual = canonical(opsOf(compute.apply(c)));
            } catch (OtException e) {
                actual = "rejected: " + e.getMessage();
            }
            if (!expected.equals(actual)) {
                mismatches.add("case " + i + " " + c + ": " + key + " expected " + expected + " but was " + actual);
            }
        }
        return mismatches;
    }

    /** Returns the component list of a Delta given as {@code {"ops": [...]}} or as a bare list. */
    static Object opsOf(Object delta) {
        return delta instanceof Map<?, ?> map ? map.get("ops") : delta;
    }

    /**
     * Returns whether two documents hold the same text, embeds and formatting, however their inserts
     * are split.
     */
    static boolean sameDocument(Object a, Object b) {
        RichTextType type = new RichTextType();
        return canonical(opsOf(type.normalize(a))).equals(canonical(opsOf(type.normalize(b))));
    }

    /** Returns a copy of a JSON value with every integral number as a Long, so Integer 3 equals Long 3. */
    static Object canonical(Object value) {
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return d == Math.rint(d) ? (Object) number.longValue() : (Object) d;
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
