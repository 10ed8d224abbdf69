package dev.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays vectors made by scripts/vectors/presence.js from tandem-types.js, the module that gives
 * the sharedb client's text-unicode and json0 types a transformPresence, so that browsers move
 * cursors exactly as the server does.
 *
 * <p>The committed resource is used unless the system property {@code tandem.vectors.file.presence}
 * names another vector file, such as one generated with a fresh seed.
 */
class PresenceDifferentialTest {

    static final String FILE_PROPERTY = "tandem.vectors.file.presence";
    private static final String RESOURCE = "/vectors/presence.json";
    private static final int MAX_REPORTED = 20;
    private static final int MIN_CASES = 4_000;

    private static List<Map<String, Object>> cases;

    private final TextUnicodeType textUnicode = new TextUnicodeType();
    private final Json0Type json0 = new Json0Type(
            name -> name.equals(textUnicode.name()) ? Optional.of(textUnicode) : Optional.empty());

    @BeforeAll
    static void loadVectors() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        TypeReference<List<Map<String, Object>>> listOfCases = new TypeReference<>() {};
        String file = System.getProperty(FILE_PROPERTY);
        if (file != null && !file.isBlank()) {
            cases = mapper.readValue(Files.readString(Path.of(file)), listOfCases);
            return;
        }
        try (InputStream in = PresenceDifferentialTest.class.getResourceAsStream(RESOURCE)) {
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
        assertThat(cases).extracting(c -> c.get("type")).contains("text-unicode", "json0");
    }

    @Test
    void textUnicodePresenceMatchesModule() {
        List<String> mismatches = compareAll("text-unicode", textUnicode);

        assertThat(mismatches).isEmpty();
    }

    @Test
    void json0PresenceMatchesModule() {
        List<String> mismatches = compareAll("json0", json0);

        assertThat(mismatches).isEmpty();
    }

    /** Returns one line per case of {@code typeName} whose Java result differs from the module's. */
    private List<String> compareAll(String typeName, OtType type) {
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        for (int i = 0; i < cases.size() && mismatches.size() < MAX_REPORTED; i++) {
            Map<String, Object> c = cases.get(i);
            if (!typeName.equals(c.get("type"))) {
                continue;
            }
            compared++;
            Object expected = TextUnicodeDifferentialTest.canonical(c.get("result"));
            Object actual;
            try {
                actual = TextUnicodeDifferentialTest.canonical(
                        type.transformPresence(c.get("presence"), c.get("op"), (Boolean) c.get("own")));
            } catch (OtException e) {
                actual = "rejected: " + e.getMessage();
            }
            if (expected == null ? actual != null : !expected.equals(actual)) {
                mismatches.add("case " + i + " " + c + ": expected " + expected + " but was " + actual);
            }
        }
        assertThat(compared).as("%s cases", typeName).isPositive();
        return mismatches;
    }
}
