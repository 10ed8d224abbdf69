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

class RichTextTypePropertiesTest {

    /** ASCII, a newline, a combining mark, a BMP ideograph and astral emoji. */
    private static final String[] ALPHABET = {"a", "b", " ", "\n", "\u0301", "中", "😀", "👻", "\uD834\uDD1E"};

    private static final String[] ATTRIBUTE_KEYS = {"bold", "italic", "color", "header"};
    private static final Object[][] ATTRIBUTE_VALUES = {{true}, {true}, {"#e00", "#06c"}, {1, 2}};

    private final RichTextType type = new RichTextType();

    /** A document and two ops made on it independently. */
    record Scenario(Object document, List<Object> first, List<Object> second, long seed) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.randomValue(random -> {
            Object document = randomDocument(random);
            return new Scenario(document, randomOp(document, random), randomOp(document, random), random.nextLong());
        });
    }

    @Property(tries = 1000)
    void transformConverges(@ForAll("scenarios") Scenario scenario) {
        Object a = scenario.first();
        Object b = scenario.second();

        Object viaA = type.apply(type.apply(scenario.document(), a), type.transform(b, a, Side.LEFT));
        Object viaB = type.apply(type.apply(scenario.document(), b), type.transform(a, b, Side.RIGHT));

        assertThat(RichTextDifferentialTest.sameDocument(viaA, viaB)).as("%s == %s", viaA, viaB).isTrue();
    }

    @Property(tries = 1000)
    void composeMatchesSequentialApply(@ForAll("scenarios") Scenario scenario) {
        Object afterFirst = type.apply(scenario.document(), scenario.first());
        List<Object> next = randomOp(afterFirst, new Random(scenario.seed()));

        Object composed = type.apply(scenario.document(), type.compose(scenario.first(), next));
        Object sequential = type.apply(afterFirst, next);

        assertThat(RichTextDifferentialTest.sameDocument(composed, sequential))
                .as("%s == %s", composed, sequential).isTrue();
    }

    @Property(tries = 1000)
    void invertUndoesApply(@ForAll("scenarios") Scenario scenario) {
        Object after = type.apply(scenario.document(), scenario.first());

        Object restored = type.apply(after, type.invert(scenario.first(), scenario.document()));

        assertThat(RichTextDifferentialTest.sameDocument(restored, scenario.document()))
                .as("%s == %s", restored, scenario.document()).isTrue();
    }

    @Property(tries = 1000)
    void transformPresenceStaysInDocument(@ForAll("scenarios") Scenario scenario) {
        Random random = new Random(scenario.seed());
        long length = documentLength(scenario.document());
        long index = random.nextInt((int) length + 1);
        long rangeLength = random.nextInt((int) (length - index) + 1);
        Map<String, Object> range = Map.of("index", index, "length", rangeLength);
        long newLength = documentLength(type.apply(scenario.document(), scenario.first()));

        for (boolean own : new boolean[] {true, false}) {
            Map<?, ?> moved = (Map<?, ?>) type.transformPresence(range, scenario.first(), own);
            long movedIndex = ((Number) moved.get("index")).longValue();
            long movedLength = ((Number) moved.get("length")).longValue();

            assertThat(movedIndex).isBetween(0L, newLength);
            assertThat(movedLength).isBetween(0L, newLength - movedIndex);
        }
    }

    /** Ops of deletes and plain retains report a change of at most 0, and every other op reports none. */
    @Property(tries = 1000)
    void sizeChangeHoldsTheGrowth(@ForAll("scenarios") Scenario scenario) {
        OtType.SizeChange change = type.sizeChange(scenario.first(), value -> DocumentSize.exact(value, Long.MAX_VALUE));
        if (change == null) {
            return;
        }

        long growth = DocumentSize.exact(type.apply(scenario.document(), scenario.first()), Long.MAX_VALUE)
                - DocumentSize.exact(scenario.document(), Long.MAX_VALUE);

        assertThat(growth).isBetween(change.min(), change.max());
    }

    @Property(tries = 1000)
    void normalizeKeepsEffect(@ForAll("scenarios") Scenario scenario) {
        Object normalized = type.normalize(scenario.first());

        assertThat(type.normalize(normalized)).isEqualTo(normalized);
        assertThat(RichTextDifferentialTest.sameDocument(
                type.apply(scenario.document(), normalized), type.apply(scenario.document(), scenario.first())))
                .isTrue();
    }

    private static Object randomDocument(Random random) {
        List<Object> ops = new ArrayList<>();
        int segments = random.nextInt(5);
        for (int i = 0; i < segments; i++) {
            Object insert = random.nextInt(5) == 0 ? Map.of("image", "p" + random.nextInt(3) + ".png")
                    : randomText(random, 4);
            ops.add(component("insert", insert, randomAttributes(random, false)));
        }
        ops.add(component("insert", "\n", randomAttributes(random, false)));
        return new RichTextType().create(ops);
    }

    /** Makes a random op that fits {@code document}, with no boundary inside a surrogate pair. */
    private static List<Object> randomOp(Object document, Random random) {
        String flat = flatten(document);
        List<Object> op = new ArrayList<>();
        int position = 0;
        int steps = 1 + random.nextInt(4);
        for (int step = 0; step < steps; step++) {
            int remaining = flat.length() - position;
            int choice = random.nextInt(10);
            if (remaining > 0 && choice < 4) {
                int end = boundary(flat, position + 1 + random.nextInt(Math.min(remaining, 4)));
                op.add(component("retain", end - position, random.nextBoolean() ? randomAttributes(random, true) : null));
                position = end;
            } else if (remaining > 0 && choice < 6) {
                int end = boundary(flat, position + 1 + random.nextInt(Math.min(remaining, 4)));
                op.add(component("delete", end - position, null));
                position = end;
            } else {
                Object insert = random.nextInt(5) == 0 ? Map.of("formula", "x") : randomText(random, 3);
                op.add(component("insert", insert, randomAttributes(random, true)));
            }
        }
        return op;
    }

    private static Map<String, Object> component(String action, Object value, Map<String, Object> attributes) {
        Map<String, Object> component = new LinkedHashMap<>();
        component.put(action, value);
        if (attributes != null) {
            component.put("attributes", attributes);
        }
        return component;
    }

    private static Map<String, Object> randomAttributes(Random random, boolean allowNull) {
        if (random.nextBoolean()) {
            return null;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        int keys = 1 + random.nextInt(2);
        for (int i = 0; i < keys; i++) {
            int key = random.nextInt(ATTRIBUTE_KEYS.length);
            Object[] values = ATTRIBUTE_VALUES[key];
            attributes.put(ATTRIBUTE_KEYS[key],
                    allowNull && random.nextInt(3) == 0 ? null : values[random.nextInt(values.length)]);
        }
        return attributes;
    }

    private static String randomText(Random random, int maxCodePoints) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(maxCodePoints);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }

    /** Returns the document's text with each embed as one U+FFFC, so positions match Delta lengths. */
    private static String flatten(Object document) {
        StringBuilder flat = new StringBuilder();
        for (Object op : (List<?>) RichTextDifferentialTest.opsOf(document)) {
            Object insert = ((Map<?, ?>) op).get("insert");
            flat.append(insert instanceof String text ? text : "\uFFFC");
        }
        return flat.toString();
    }

    private static long documentLength(Object document) {
        return flatten(document).length();
    }

    /** Moves a position off the middle of a surrogate pair. */
    private static int boundary(String flat, int position) {
        if (position > 0 && position < flat.length() && Character.isHighSurrogate(flat.charAt(position - 1))
                && Character.isLowSurrogate(flat.charAt(position))) {
            return position + 1;
        }
        return position;
    }
}
