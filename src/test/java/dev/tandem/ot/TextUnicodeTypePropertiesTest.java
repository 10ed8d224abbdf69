package dev.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.document.DocumentSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TextUnicodeTypePropertiesTest {

    /** ASCII, astral emoji, a ZWJ, combining marks and a BMP ideograph. */
    private static final String[] ALPHABET = {
        "a", "b", "z", " ", "\n", "😀", "👻", "\uD834\uDD1E", "\u200D", "\u0301", "\u0308", "中",
    };

    private final TextUnicodeType type = new TextUnicodeType();

    /** A document with two ops made on it independently. */
    record Scenario(String document, List<Object> first, List<Object> second) {
    }

    @Provide
    Arbitrary<String> documents() {
        return Arbitraries.of(ALPHABET).list().ofMaxSize(20).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return documents().flatMap(document -> Combinators.combine(
                        Arbitraries.randomValue(random -> randomOp(document, random)),
                        Arbitraries.randomValue(random -> randomOp(document, random)))
                .as((first, second) -> new Scenario(document, first, second)));
    }

    @Property(tries = 1000)
    void transformConverges(@ForAll("scenarios") Scenario scenario) {
        Object a = type.normalize(scenario.first());
        Object b = type.normalize(scenario.second());

        Object viaA = type.apply(type.apply(scenario.document(), a), type.transform(b, a, Side.LEFT));
        Object viaB = type.apply(type.apply(scenario.document(), b), type.transform(a, b, Side.RIGHT));

        assertThat(viaA).isEqualTo(viaB);
    }

    @Property(tries = 1000)
    void sizeChangeBoundsTheGrowth(@ForAll("scenarios") Scenario scenario) {
        Object op = type.normalize(scenario.first());

        long growth = DocumentSize.exact(type.apply(scenario.document(), op), Long.MAX_VALUE)
                - DocumentSize.exact(scenario.document(), Long.MAX_VALUE);
        OtType.SizeChange change = type.sizeChange(op, value -> DocumentSize.exact(value, Long.MAX_VALUE));

        assertThat(growth).isBetween(change.min(), change.max());
    }

    /** A single insert, {@code [text]} or {@code [position, text]}, as the transform fast path takes. */
    @Provide
    Arbitrary<List<Object>> singleInserts() {
        Arbitrary<String> text = Arbitraries.of(ALPHABET).list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> String.join("", parts));
        return Combinators.combine(Arbitraries.integers().between(0, 6), text)
                .as((position, inserted) -> position == 0 ? List.<Object>of(inserted) : List.<Object>of(position, inserted));
    }

    @Property(tries = 2000)
    void singleInsertTransformMatchesGeneralPath(@ForAll("singleInserts") List<Object> op,
            @ForAll("singleInserts") List<Object> other, @ForAll Side side) {
        Object general = TextTransform.transform(TextOp.parse(op, TextOp.Rules.STRICT),
                TextOp.parse(other, TextOp.Rules.STRICT), side);

        assertThat(type.transform(op, other, side)).isEqualTo(general);
    }

    @Property(tries = 1000)
    void composeMatchesSequentialApply(@ForAll("scenarios") Scenario scenario, @ForAll long seed) {
        Object afterFirst = type.apply(scenario.document(), scenario.first());
        List<Object> next = randomOp((String) afterFirst, new Random(seed));

        Object composed = type.compose(scenario.first(), next);
        Object sequential = type.apply(afterFirst, next);

        assertThat(type.apply(scenario.document(), composed)).isEqualTo(sequential);
    }

    @Property(tries = 1000)
    void normalizeIsIdempotent(@ForAll("scenarios") Scenario scenario) {
        Object once = type.normalize(scenario.first());

        Object twice = type.normalize(once);

        assertThat(twice).isEqualTo(once);
        assertThat(type.apply(scenario.document(), once))
                .isEqualTo(type.apply(scenario.document(), scenario.first()));
    }

    @Property(tries = 1000)
    void applyNeverLeavesLoneSurrogate(@ForAll("scenarios") Scenario scenario) {
        Object afterFirst = type.apply(scenario.document(), scenario.first());
        Object transformed = type.transform(scenario.second(), scenario.first(), Side.LEFT);

        Object afterBoth = type.apply(afterFirst, transformed);

        assertThat(CodePoints.findLoneSurrogate((String) afterFirst)).isEqualTo(-1);
        assertThat(CodePoints.findLoneSurrogate((String) afterBoth)).isEqualTo(-1);
    }

    @Property(tries = 1000)
    void transformPresenceStaysInDocument(@ForAll("scenarios") Scenario scenario, @ForAll long seed) {
        Random random = new Random(seed);
        long length = CodePoints.count(scenario.document());
        long index = random.nextInt((int) length + 1);
        long rangeLength = random.nextInt((int) (length - index) + 1);
        Map<String, Object> range = Map.of("index", index, "length", rangeLength);
        long newLength = CodePoints.count((String) type.apply(scenario.document(), scenario.first()));

        for (boolean own : new boolean[] {true, false}) {
            Map<?, ?> moved = (Map<?, ?>) type.transformPresence(range, scenario.first(), own);
            long movedIndex = ((Number) moved.get("index")).longValue();
            long movedLength = ((Number) moved.get("length")).longValue();

            assertThat(movedIndex).isBetween(0L, newLength);
            assertThat(movedLength).isBetween(0L, newLength - movedIndex);
        }
    }

    /**
     * Checks that the same edit as a rich-text Delta moves the range to the same place, once UTF-16
     * offsets are converted to code points.
     */
    @Property(tries = 1000)
    void transformPresenceMatchesRichText(@ForAll("scenarios") Scenario scenario, @ForAll long seed) {
        String document = scenario.document();
        Random random = new Random(seed);
        int length = (int) CodePoints.count(document);
        int index = random.nextInt(length + 1);
        int rangeLength = random.nextInt(length - index + 1);
        int startUnits = document.offsetByCodePoints(0, index);
        int endUnits = document.offsetByCodePoints(0, index + rangeLength);
        String after = (String) type.apply(document, scenario.first());
        RichTextType richText = new RichTextType();

        for (boolean own : new boolean[] {true, false}) {
            Map<?, ?> moved = (Map<?, ?>) type.transformPresence(
                    Map.of("index", index, "length", rangeLength), scenario.first(), own);
            Map<?, ?> movedUnits = (Map<?, ?>) richText.transformPresence(
                    Map.of("index", startUnits, "length", endUnits - startUnits),
                    toDelta(document, scenario.first()), own);
            int expectedStart = ((Number) movedUnits.get("index")).intValue();
            int expectedEnd = expectedStart + ((Number) movedUnits.get("length")).intValue();

            assertThat(((Number) moved.get("index")).longValue())
                    .isEqualTo(after.codePointCount(0, expectedStart));
            assertThat(((Number) moved.get("length")).longValue())
                    .isEqualTo(after.codePointCount(expectedStart, expectedEnd));
        }
    }

    /** Converts a text-unicode op on {@code document} to the rich-text Delta with the same effect. */
    private static List<Object> toDelta(String document, List<Object> op) {
        List<Object> delta = new ArrayList<>();
        int position = 0;
        for (Object component : op) {
            if (component instanceof String text) {
                delta.add(Map.of("insert", text));
            } else if (component instanceof Integer skip) {
                int end = document.offsetByCodePoints(position, skip);
                delta.add(Map.of("retain", end - position));
                position = end;
            } else {
                Object deleted = ((Map<?, ?>) component).get("d");
                int count = deleted instanceof String text ? (int) CodePoints.count(text) : (Integer) deleted;
                int end = document.offsetByCodePoints(position, count);
                delta.add(Map.of("delete", end - position));
                position = end;
            }
        }
        return delta;
    }

    /**
     * Makes a random op that is valid on {@code document}: skips, inserts and deletes (by count or
     * by text) that never run past its end. Inserts are sometimes left adjacent, which checkOp allows.
     */
    static List<Object> randomOp(String document, Random random) {
        int[] codePoints = document.codePoints().toArray();
        List<Object> op = new ArrayList<>();
        int position = 0;
        int steps = 1 + random.nextInt(4);
        for (int step = 0; step < steps; step++) {
            int skip = random.nextInt(Math.min(codePoints.length - position, 4) + 1);
            if (skip > 0) {
                op.add(skip);
                position += skip;
            }
            int remaining = codePoints.length - position;
            if (remaining > 0 && random.nextBoolean()) {
                int length = 1 + random.nextInt(Math.min(remaining, 5));
                String deleted = new String(codePoints, position, length);
                op.add(Map.of("d", random.nextBoolean() ? length : deleted));
                position += length;
            } else {
                op.add(randomText(random));
                if (random.nextInt(5) == 0) {
                    op.add(randomText(random));
                }
            }
        }
        return op;
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(4);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return text.toString();
    }
}
