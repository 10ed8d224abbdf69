package dev.tandem.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DocumentSizeTest {

    private static final String[] PIECES = {"a", "é", "中", "😀", "\uD800", " ", "\u0000"};

    @Test
    void exactCountsUtf8Bytes() {
        assertThat(DocumentSize.exact("aé中😀", Long.MAX_VALUE)).isEqualTo(1 + 2 + 3 + 4);
        assertThat(DocumentSize.exact("\uDC00x", Long.MAX_VALUE)).as("lone surrogate").isEqualTo(3 + 1);
        assertThat(DocumentSize.exact(List.of("ab", 5), Long.MAX_VALUE)).isEqualTo(2 + (1 + 2) + (1 + 8));
        assertThat(DocumentSize.exact(Map.of("k", "中"), Long.MAX_VALUE)).isEqualTo(2 + 4 + 1 + 3);
        assertThat(DocumentSize.exact(null, Long.MAX_VALUE)).isEqualTo(8);
    }

    @Test
    void manyMultibyteStringsCountInFull() {
        // Each string alone is far below the limit, but together their UTF-8 is above it.
        List<String> strings = Collections.nCopies(2000, "中文字");

        assertThat(DocumentSize.exact(strings, Long.MAX_VALUE)).isEqualTo(2 + 2000 * (1 + 9));
        assertThat(DocumentSize.exceeds(strings, 15_000)).isTrue();
        assertThat(DocumentSize.exceeds(strings, 20_002)).isFalse();
    }

    @Test
    void measuringStopsAboveTheLimit() {
        List<String> large = Collections.nCopies(1_000_000, "text");

        assertThat(DocumentSize.exact(large, 100)).isGreaterThan(100).isLessThan(200);
        assertThat(DocumentSize.within(large, 100)).isGreaterThan(100).isLessThan(200);
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.randomValue(random -> randomValue(random, 3));
    }

    @Property(tries = 500)
    void withinBoundsExactFromAbove(@ForAll("values") Object value, @ForAll @LongRange(min = 0, max = 400) long limit) {
        long exact = DocumentSize.exact(value, Long.MAX_VALUE);
        long within = DocumentSize.within(value, limit);

        if (exact <= limit) {
            assertThat(within).isBetween(exact, limit);
        } else {
            assertThat(within).isGreaterThan(limit);
        }
        assertThat(DocumentSize.exceeds(value, limit)).isEqualTo(exact > limit);
    }

    @Property(tries = 500)
    void boundsHoldTheExactSize(@ForAll("values") Object value, @ForAll @LongRange(min = 0, max = 400) long limit) {
        long exact = DocumentSize.exact(value, Long.MAX_VALUE);

        long[] bounds = DocumentSize.bounds(value, limit);

        if (exact <= limit) {
            assertThat(bounds[0]).isLessThanOrEqualTo(exact);
            assertThat(bounds[1]).isBetween(exact, limit);
        } else {
            assertThat(bounds[0]).isGreaterThan(limit);
        }
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth == 0 ? 3 : 5);
        switch (kind) {
            case 0 -> {
                StringBuilder text = new StringBuilder();
                for (int i = random.nextInt(12); i > 0; i--) {
                    text.append(PIECES[random.nextInt(PIECES.length)]);
                }
                return text.toString();
            }
            case 1 -> {
                return random.nextInt(1000);
            }
            case 2 -> {
                return random.nextBoolean() ? null : random.nextBoolean();
            }
            case 3 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(6); i > 0; i--) {
                    list.add(randomValue(random, depth - 1));
                }
                return list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(6); i > 0; i--) {
                    map.put(PIECES[random.nextInt(PIECES.length)] + i, randomValue(random, depth - 1));
                }
                return map;
            }
        }
    }
}
