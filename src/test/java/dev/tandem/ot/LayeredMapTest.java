package dev.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LayeredMapTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static LinkedHashMap<String, Object> keys(int count) {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put("k" + i, i);
        }
        return map;
    }

    @Test
    void smallObjectsAreCopiedWhole() {
        Map<String, Object> copy = LayeredMap.writableCopy(keys(LayeredMap.MIN_KEYS - 1));

        assertThat(copy).isInstanceOf(LinkedHashMap.class).isEqualTo(keys(LayeredMap.MIN_KEYS - 1));
    }

    @Test
    void largeObjectsGetALayer() {
        LinkedHashMap<String, Object> base = keys(LayeredMap.MIN_KEYS);

        Map<String, Object> copy = LayeredMap.writableCopy(base);

        assertThat(copy).isInstanceOf(LayeredMap.class).isEqualTo(base);
        assertThat(new ArrayList<>(copy.keySet())).isEqualTo(new ArrayList<>(base.keySet()));
    }

    @Test
    void changesFollowLinkedHashMapOrder() {
        LinkedHashMap<String, Object> expected = keys(100);
        LayeredMap map = (LayeredMap) LayeredMap.writableCopy(keys(100));

        map.putValue("k5", "replaced");
        expected.put("k5", "replaced");
        map.removeKey("k7");
        expected.remove("k7");
        map.putValue("new", null);
        expected.put("new", null);
        map.putValue("k7", "back");
        expected.put("k7", "back");
        map.removeKey("k0");
        expected.remove("k0");

        assertThat(new ArrayList<>(map.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
        assertThat(map.size()).isEqualTo(expected.size());
        assertThat(map.containsKey("new")).isTrue();
        assertThat(map.get("new")).isNull();
        assertThat(map.containsKey("k0")).isFalse();
        assertThat(map.get("k7")).isEqualTo("back");
    }

    @Test
    void mapRejectsChangesThroughMapInterface() {
        Map<String, Object> map = LayeredMap.writableCopy(keys(100));

        assertThatThrownBy(() -> map.put("k1", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> map.remove("k1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Property(tries = 200)
    void randomEditsMatchLinkedHashMap(@ForAll @IntRange(min = 64, max = 400) int size,
            @ForAll long seed) {
        Random random = new Random(seed);
        LinkedHashMap<String, Object> expected = keys(size);
        LayeredMap map = (LayeredMap) LayeredMap.writableCopy(keys(size));
        List<LayeredMap> versions = new ArrayList<>();
        List<LinkedHashMap<String, Object>> expectedVersions = new ArrayList<>();

        for (int step = 0; step < 300; step++) {
            List<String> present = new ArrayList<>(expected.keySet());
            int choice = random.nextInt(4);
            if (choice == 0 || present.isEmpty()) {
                String key = "k" + random.nextInt(size * 2);
                if (expected.containsKey(key)) {
                    continue;
                }
                expected.put(key, step);
                map.putValue(key, step);
            } else if (choice == 1) {
                String key = present.get(random.nextInt(present.size()));
                expected.remove(key);
                map.removeKey(key);
            } else if (choice == 2) {
                String key = present.get(random.nextInt(present.size()));
                expected.put(key, -step);
                map.putValue(key, -step);
            } else {
                // A published version: later edits go to a copy, as a json0 apply makes one.
                versions.add(map);
                expectedVersions.add(new LinkedHashMap<>(expected));
                map = map.copy();
            }
        }

        assertMatches(map, expected);
        for (int i = 0; i < versions.size(); i++) {
            assertMatches(versions.get(i), expectedVersions.get(i));
        }
    }

    private static void assertMatches(LayeredMap actual, LinkedHashMap<String, Object> expected) {
        assertThat(new ArrayList<>(actual.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
        assertThat(actual.size()).isEqualTo(expected.size());
        assertThat(actual).isEqualTo(expected);
        for (String key : expected.keySet()) {
            assertThat(actual.containsKey(key)).isTrue();
            assertThat(actual.get(key)).isEqualTo(expected.get(key));
        }
    }

    /** Returns the JSON of a value with object keys in iteration order, which the comparison checks too. */
    private static String orderedText(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void json0EditsOnLargeObjectMatchPlainCopies() {
        Json0Type type = Json0DifferentialTest.newType();
        Random random = new Random(11);
        LinkedHashMap<String, Object> records = keys(500);
        Object document = type.apply(Map.of("records", records), List.of());
        LinkedHashMap<String, Object> expected = new LinkedHashMap<>(records);

        for (int step = 0; step < 2_000; step++) {
            String key = "k" + random.nextInt(700);
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("p", List.of("records", key));
            if (expected.containsKey(key)) {
                component.put("od", expected.get(key));
            }
            if (!expected.containsKey(key) || random.nextBoolean()) {
                component.put("oi", step);
                expected.put(key, step);
            } else {
                expected.remove(key);
            }
            String before = orderedText(document);
            Object next = type.apply(document, List.of(component));
            assertThat(orderedText(document)).as("the snapshot before step %d", step).isEqualTo(before);
            document = next;
        }

        assertThat(orderedText(document)).isEqualTo(orderedText(Map.of("records", expected)));
    }
}
