package dev.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.document.DocumentSize;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of json0 on random nested documents and random ops that are valid on them.
 *
 * <p>Strings in one scenario are edited either with si/sd or with embedded text-unicode ops, never
 * both, because ot-json0 1.1.0 does not transform the two against each other and so diverges on
 * such pairs. No other pair is excluded, because none of 140,000 reference cases made with
 * scripts/vectors/json0.js diverged. NOTE: json0 is reported to diverge on some combinations of
 * moves; these generators have not produced one, so such a pair would fail here, not be skipped.
 */
class Json0TypePropertiesTest {

    private static final String[] ALPHABET = {"a", "b", "x", " ", "é", "\u0301", "中", "😀", "👻", "\uD834\uDD1E"};
    private static final String[] KEYS = {"a", "b", "c", "d", "x", "y"};

    private final Json0Type type = Json0DifferentialTest.newType();

    /** A document with two ops made on it independently, and a third made after the first. */
    record Scenario(Object document, Object first, Object second, Object next, Object presence, boolean embeddedText) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.randomValue(random -> new ScenarioMaker(random).make());
    }

    @Property(tries = 1000)
    void transformConverges(@ForAll("scenarios") Scenario s) {
        Object viaFirst = type.apply(type.apply(s.document(), s.first()), type.transform(s.second(), s.first(), Side.LEFT));
        Object viaSecond = type.apply(type.apply(s.document(), s.second()), type.transform(s.first(), s.second(), Side.RIGHT));

        assertThat(Json0TypeTest.text(viaFirst)).isEqualTo(Json0TypeTest.text(viaSecond));
    }

    @Property(tries = 1000)
    void composeMatchesSequentialApply(@ForAll("scenarios") Scenario s) {
        Object afterFirst = type.apply(s.document(), s.first());

        Object sequential = type.apply(afterFirst, s.next());
        Object composed = type.apply(s.document(), type.compose(s.first(), s.next()));

        assertThat(Json0TypeTest.text(composed)).isEqualTo(Json0TypeTest.text(sequential));
    }

    /** Exact, except that an embedded text-unicode delete by count removes 1 to 4 bytes per code point. */
    @Property(tries = 1000)
    void sizeChangeHoldsTheGrowth(@ForAll("scenarios") Scenario s) {
        Object afterFirst = type.apply(s.document(), s.first());
        Object afterNext = type.apply(afterFirst, s.next());

        long first = growth(s.document(), afterFirst);
        long next = growth(afterFirst, afterNext);
        OtType.SizeChange firstChange = type.sizeChange(s.first(), Json0TypePropertiesTest::size);
        OtType.SizeChange nextChange = type.sizeChange(s.next(), Json0TypePropertiesTest::size);

        assertThat(first).isBetween(firstChange.min(), firstChange.max());
        assertThat(next).isBetween(nextChange.min(), nextChange.max());
        if (!s.embeddedText()) {
            assertThat(firstChange).isEqualTo(new OtType.SizeChange(first, first));
            assertThat(nextChange).isEqualTo(new OtType.SizeChange(next, next));
        }
    }

    private static long growth(Object before, Object after) {
        return size(after) - size(before);
    }

    private static long size(Object value) {
        return DocumentSize.exact(value, Long.MAX_VALUE);
    }

    @Property(tries = 1000)
    void normalizeKeepsEffect(@ForAll("scenarios") Scenario s) {
        List<Object> both = new ArrayList<>((List<?>) s.first());
        both.addAll((List<?>) s.next());

        Object normalized = type.apply(s.document(), type.normalize(both));
        Object original = type.apply(s.document(), both);

        assertThat(Json0TypeTest.text(normalized)).isEqualTo(Json0TypeTest.text(original));
    }

    @Property(tries = 1000)
    void invertUndoesApply(@ForAll("scenarios") Scenario s) {
        if (s.embeddedText()) {
            return;
        }
        Object after = type.apply(s.document(), s.first());

        Object restored = type.apply(after, type.invert(s.first(), s.document()));

        assertThat(Json0TypeTest.text(restored)).isEqualTo(Json0TypeTest.text(s.document()));
    }

    @Property(tries = 1000)
    void presenceStaysValid(@ForAll("scenarios") Scenario s, @ForAll boolean ownOp) {
        Object after = type.apply(s.document(), s.first());

        Object moved = type.transformPresence(s.presence(), s.first(), ownOp);

        if (moved == null) {
            return;
        }
        Map<?, ?> presence = (Map<?, ?>) moved;
        Object target = valueAt(after, (List<?>) presence.get("p"));
        assertThat(target).as("presence %s in %s", moved, after).isNotSameAs(MISSING);
        if (presence.containsKey("index")) {
            int index = (Integer) presence.get("index");
            int length = (Integer) presence.get("length");
            assertThat(target).isInstanceOf(String.class);
            assertThat(index).isGreaterThanOrEqualTo(0);
            assertThat(length).isGreaterThanOrEqualTo(0);
            assertThat(index + length).isLessThanOrEqualTo(((String) target).length());
        }
    }

    /** Checks that an insert at offset 0 shifts a range that starts later by the inserted length. */
    @Property(tries = 500)
    void presenceFollowsInsertBeforeIt(@ForAll("scenarios") Scenario s) {
        Map<?, ?> presence = (Map<?, ?>) s.presence();
        List<?> path = (List<?>) presence.get("p");
        if (!presence.containsKey("index") || (Integer) presence.get("index") == 0) {
            return;
        }
        int index = (Integer) presence.get("index");
        List<Object> at = new ArrayList<>(path);
        at.add(0);
        Object op = List.of(Map.of("p", at, "si", "XY"));

        Map<?, ?> moved = (Map<?, ?>) type.transformPresence(presence, op, false);

        assertThat(moved.get("index")).isEqualTo(index + 2);
        assertThat(moved.get("length")).isEqualTo(presence.get("length"));
    }

    private static final Object MISSING = new Object();

    private static Object valueAt(Object document, List<?> path) {
        Object node = document;
        for (Object key : path) {
            if (node instanceof List<?> list && key instanceof Integer i && i < list.size()) {
                node = list.get(i);
            } else if (node instanceof Map<?, ?> map && key instanceof String name && map.containsKey(name)) {
                node = map.get(name);
            } else {
                return MISSING;
            }
        }
        return node;
    }

    /** Builds one random scenario, mirroring the choices of scripts/vectors/json0.js. */
    private final class ScenarioMaker {

        private final Random random;
        private final boolean embeddedText;

        ScenarioMaker(Random random) {
            this.random = random;
            this.embeddedText = random.nextInt(4) == 0;
        }

        Scenario make() {
            Object document = randomDocument();
            Object first = randomOp(document);
            Object second = randomOp(document);
            Object next = randomOp(type.apply(document, first));
            return new Scenario(document, first, second, next, randomPresence(document), embeddedText);
        }

        private String randomText(int maxCodePoints) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(maxCodePoints + 1);
            for (int i = 0; i < length; i++) {
                text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            return text.toString();
        }

        private Object randomValue(int depth) {
            double roll = random.nextDouble();
            if (depth <= 0 || roll < 0.5) {
                double leaf = random.nextDouble();
                if (leaf < 0.5) {
                    return randomText(4);
                }
                if (leaf < 0.8) {
                    return (long) random.nextInt(20) - 5;
                }
                if (leaf < 0.9) {
                    return random.nextBoolean() ? Boolean.TRUE : null;
                }
                return 0.5 * (random.nextInt(9) - 4);
            }
            if (roll < 0.8) {
                List<Object> list = new ArrayList<>();
                int length = random.nextInt(5);
                for (int i = 0; i < length; i++) {
                    list.add(randomValue(depth - 1));
                }
                return list;
            }
            Map<String, Object> object = new LinkedHashMap<>();
            int size = random.nextInt(4);
            for (int i = 0; i < size; i++) {
                object.put(KEYS[random.nextInt(KEYS.length)], randomValue(depth - 1));
            }
            return object;
        }

        private Object randomDocument() {
            Map<String, Object> document = new LinkedHashMap<>();
            int size = 1 + random.nextInt(3);
            for (int i = 0; i < size; i++) {
                document.put(KEYS[random.nextInt(KEYS.length)], randomValue(3));
            }
            return document;
        }

        /** Returns every path in {@code value} with the value there, the root included. */
        private void collectPaths(Object value, List<Object> path, List<List<Object>> paths) {
            paths.add(path);
            if (value instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    collectPaths(list.get(i), append(path, i), paths);
                }
            } else if (value instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    collectPaths(entry.getValue(), append(path, entry.getKey()), paths);
                }
            }
        }

        private List<Object> append(List<Object> path, Object key) {
            List<Object> longer = new ArrayList<>(path);
            longer.add(key);
            return longer;
        }

        private List<Integer> boundaries(String text) {
            List<Integer> offsets = new ArrayList<>();
            offsets.add(0);
            for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
                offsets.add(i + Character.charCount(text.codePointAt(i)));
            }
            return offsets;
        }

        private Object randomOp(Object document) {
            List<Object> op = new ArrayList<>();
            Object current = document;
            int size = 1 + random.nextInt(3);
            for (int attempt = 0; attempt < 20 && op.size() < size; attempt++) {
                Map<String, Object> component = randomComponent(current);
                if (component == null) {
                    continue;
                }
                current = type.apply(current, List.of(component));
                op.add(component);
            }
            return op;
        }

        private Map<String, Object> randomComponent(Object document) {
            if (random.nextInt(50) == 0) {
                return Map.of("p", List.of(), "od", document, "oi", randomDocument());
            }
            List<List<Object>> paths = new ArrayList<>();
            collectPaths(document, List.of(), paths);
            List<Object> path = paths.get(random.nextInt(paths.size()));
            Object value = valueAt(document, path);
            Object parent = path.isEmpty() ? null : valueAt(document, path.subList(0, path.size() - 1));

            List<String> choices = new ArrayList<>();
            if (value instanceof Number) {
                choices.add("na");
            }
            if (value instanceof String) {
                choices.addAll(embeddedText ? List.of("text-unicode") : List.of("si", "sd"));
            }
            if (value instanceof List) {
                choices.add("li-into");
            }
            if (value instanceof Map) {
                choices.add("oi-into");
            }
            if (parent instanceof List) {
                choices.addAll(List.of("li", "ld", "replace-l", "lm", "lm"));
            } else if (parent instanceof Map) {
                choices.addAll(List.of("od", "replace-o"));
            }
            if (choices.isEmpty()) {
                return null;
            }
            return makeComponent(choices.get(random.nextInt(choices.size())), path, value, parent);
        }

        private Map<String, Object> makeComponent(String choice, List<Object> path, Object value, Object parent) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("p", path);
            switch (choice) {
                case "na" -> c.put("na", random.nextBoolean() ? 3L : -0.5);
                case "si" -> {
                    List<Integer> cuts = boundaries((String) value);
                    c.put("p", append(path, cuts.get(random.nextInt(cuts.size()))));
                    c.put("si", "q" + randomText(2));
                }
                case "sd" -> {
                    String text = (String) value;
                    List<Integer> cuts = boundaries(text);
                    if (cuts.size() < 2) {
                        return null;
                    }
                    int start = random.nextInt(cuts.size() - 1);
                    int end = start + 1 + random.nextInt(Math.min(3, cuts.size() - 1 - start));
                    c.put("p", append(path, cuts.get(start)));
                    c.put("sd", text.substring(cuts.get(start), cuts.get(end)));
                }
                case "text-unicode" -> {
                    long length = ((String) value).codePoints().count();
                    long skip = random.nextInt((int) length + 1);
                    List<Object> o = new ArrayList<>();
                    if (skip > 0) {
                        o.add(skip);
                    }
                    if (skip < length && random.nextBoolean()) {
                        o.add(Map.of("d", 1L));
                    } else {
                        o.add("z" + randomText(1));
                    }
                    c.put("t", "text-unicode");
                    c.put("o", o);
                }
                case "li-into" -> {
                    c.put("p", append(path, random.nextInt(((List<?>) value).size() + 1)));
                    c.put("li", randomValue(1));
                }
                case "oi-into" -> {
                    String key = KEYS[random.nextInt(KEYS.length)];
                    if (((Map<?, ?>) value).containsKey(key)) {
                        return null;
                    }
                    c.put("p", append(path, key));
                    c.put("oi", randomValue(1));
                }
                case "li" -> c.put("li", randomValue(1));
                case "ld" -> c.put("ld", value);
                case "replace-l" -> {
                    c.put("ld", value);
                    c.put("li", randomValue(1));
                }
                case "lm" -> c.put("lm", random.nextInt(((List<?>) parent).size()));
                case "od" -> c.put("od", value);
                case "replace-o" -> {
                    c.put("od", value);
                    c.put("oi", randomValue(1));
                }
                default -> throw new IllegalStateException("unknown choice " + choice);
            }
            return c;
        }

        /** Returns a presence on a random path, with a text range when the value there is a string. */
        private Object randomPresence(Object document) {
            List<List<Object>> paths = new ArrayList<>();
            collectPaths(document, List.of(), paths);
            List<Object> path = paths.get(random.nextInt(paths.size()));
            Map<String, Object> presence = new LinkedHashMap<>();
            presence.put("p", path);
            if (valueAt(document, path) instanceof String text) {
                int index = random.nextInt(text.length() + 1);
                presence.put("index", index);
                presence.put("length", random.nextInt(text.length() - index + 1));
            }
            return presence;
        }
    }
}
