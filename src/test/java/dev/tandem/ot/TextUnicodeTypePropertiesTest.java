package dev.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;

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
