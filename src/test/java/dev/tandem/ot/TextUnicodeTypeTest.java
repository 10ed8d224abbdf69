package dev.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextUnicodeTypeTest {

    private static final String EMOJI_DOC = "a😀b";

    private final TextUnicodeType type = new TextUnicodeType();

    private static List<Object> op(Object... components) {
        return Arrays.asList(components);
    }

    private static Map<String, Object> del(Object value) {
        return Map.of("d", value);
    }

    private static OtException.Kind rejectionKind(Runnable call) {
        try {
            call.run();
        } catch (OtException e) {
            return e.kind();
        }
        throw new AssertionError("expected an OtException");
    }

    @Test
    void nameAndUriMatchReference() {
        assertThat(type.name()).isEqualTo("text-unicode");
        assertThat(type.uri()).isEqualTo("http://sharejs.org/types/text-unicode");
    }

    @Test
    void createWithNullGivesEmptyString() {
        Object snapshot = type.create(null);

        assertThat(snapshot).isEqualTo("");
    }

    @Test
    void createKeepsInitialString() {
        Object snapshot = type.create("héllo 😀");

        assertThat(snapshot).isEqualTo("héllo 😀");
    }

    @Test
    void createRejectsNonString() {
        assertThatThrownBy(() -> type.create(42))
                .isInstanceOf(OtException.class)
                .hasMessageContaining("must be a string");
        assertThatThrownBy(() -> type.create(List.of("a")))
                .isInstanceOf(OtException.class);
    }

    @Test
    void createRejectsLoneSurrogate() {
        assertThatThrownBy(() -> type.create("x\uD83D"))
                .isInstanceOf(OtException.class)
                .hasMessageContaining("lone surrogate at index 1");
    }

    @Test
    void transformConcurrentInsertsAtStart() {
        List<Object> a = op("a");
        List<Object> b = op("b");

        Object bPrime = type.transform(b, a, Side.LEFT);
        Object document = type.apply(type.apply("", a), bPrime);

        assertThat(bPrime).isEqualTo(op("b"));
        assertThat(document).isEqualTo("ba");
    }

    @Test
    void transformConcurrentInsertsRightSide() {
        List<Object> a = op("a");
        List<Object> b = op("b");

        Object bPrime = type.transform(b, a, Side.RIGHT);
        Object document = type.apply(type.apply("", a), bPrime);

        assertThat(bPrime).isEqualTo(op(1, "b"));
        assertThat(document).isEqualTo("ab");
    }

    @Test
    void transformOverlappingTextDeletes() {
        List<Object> a = op(1, del("bcd"));
        List<Object> b = op(2, del("cde"));

        Object bPrime = type.transform(b, a, Side.LEFT);
        Object document = type.apply(type.apply("abcdef", a), bPrime);

        assertThat(bPrime).isEqualTo(op(1, del("e")));
        assertThat(document).isEqualTo("af");
    }

    @Test
    void transformIdenticalDeletesGivesNoop() {
        List<Object> a = op(1, del("bcd"));

        Object aPrime = type.transform(a, a, Side.LEFT);

        assertThat(aPrime).isEqualTo(List.of());
        assertThat(type.isNoop(aPrime)).isTrue();
    }

    @Test
    void transformAdjacentInsertsOnlyFirstGoesLeft() {
        Object transformed = type.transform(op("a", "b"), op("c"), Side.LEFT);

        assertThat(transformed).isEqualTo(op("a", 1, "b"));
    }

    @Test
    void transformAdjacentInsertsDivergeLikeReference() {
        List<Object> a = op("a", "b");
        List<Object> b = op("c");

        Object viaA = type.apply(type.apply("", a), type.transform(b, a, Side.RIGHT));
        Object viaB = type.apply(type.apply("", b), type.transform(a, b, Side.LEFT));
        Object normalizedViaB = type.apply(type.apply("", b), type.transform(type.normalize(a), b, Side.LEFT));

        assertThat(viaA).isEqualTo("abc");
        assertThat(viaB).isEqualTo("acb");
        assertThat(normalizedViaB).isEqualTo("abc");
    }

    @Test
    void transformRejectsNullSide() {
        assertThatThrownBy(() -> type.transform(op("a"), op("b"), null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void applyInsertAfterEmoji() {
        Object document = type.apply(EMOJI_DOC, op(2, "X"));

        assertThat(document).isEqualTo("a😀Xb");
    }

    @Test
    void applyDeleteCountOfEmoji() {
        Object document = type.apply(EMOJI_DOC, op(1, del(1)));

        assertThat(document).isEqualTo("ab");
    }

    @Test
    void applyDeleteTextOfEmoji() {
        Object document = type.apply(EMOJI_DOC, op(1, del("😀")));

        assertThat(document).isEqualTo("ab");
    }

    @Test
    void transformDeleteOfEmojiPastInsert() {
        List<Object> a = op(2, "X");
        List<Object> b = op(1, del(1));

        Object bPrime = type.transform(b, a, Side.LEFT);
        Object document = type.apply(type.apply(EMOJI_DOC, a), bPrime);

        assertThat(bPrime).isEqualTo(op(1, del(1)));
        assertThat(document).isEqualTo("aXb");
    }

    @Test
    void applyRejectsHalfEmojiOpsThenAcceptsWhole() {
        List<List<Object>> rejected = List.of(
                op(1, del("\uD83D")),
                op(1, "\uD83D"),
                op(1, "\uDE00x"),
                op(5, "X"));

        for (List<Object> bad : rejected) {
            assertThatThrownBy(() -> type.apply(EMOJI_DOC, bad))
                    .as("op %s", bad)
                    .isInstanceOf(OtException.class);
        }
        Object document = type.apply(EMOJI_DOC, op(1, del("😀")));

        assertThat(document).isEqualTo("ab");
    }

    @Test
    void applyLoneSurrogateIsBadlyFormed() {
        OtException.Kind deleteKind = rejectionKind(() -> type.apply(EMOJI_DOC, op(1, del("\uD83D"))));
        OtException.Kind insertKind = rejectionKind(() -> type.apply(EMOJI_DOC, op(1, "\uDE00x")));

        assertThat(deleteKind).isEqualTo(OtException.Kind.BADLY_FORMED);
        assertThat(insertKind).isEqualTo(OtException.Kind.BADLY_FORMED);
        assertThatThrownBy(() -> type.apply(EMOJI_DOC, op(1, "\uDE00x")))
                .hasMessageContaining("component 1")
                .hasMessageContaining("invalid UTF-16: lone surrogate at index 0");
    }

    @Test
    void applySkipPastEndIsNotApplicable() {
        OtException.Kind kind = rejectionKind(() -> type.apply(EMOJI_DOC, op(5, "X")));

        assertThat(kind).isEqualTo(OtException.Kind.NOT_APPLICABLE);
        assertThatThrownBy(() -> type.apply(EMOJI_DOC, op(5, "X")))
                .hasMessageContaining("component 0")
                .hasMessageContaining("position 0")
                .hasMessageContaining("length 3 code points");
    }

    @Test
    void applyDeletePastEndIsNotApplicable() {
        OtException.Kind countKind = rejectionKind(() -> type.apply("abc", op(1, del(10))));
        OtException.Kind textKind = rejectionKind(() -> type.apply("abc", op(1, del("bcd"))));

        assertThat(countKind).isEqualTo(OtException.Kind.NOT_APPLICABLE);
        assertThat(textKind).isEqualTo(OtException.Kind.NOT_APPLICABLE);
        assertThatThrownBy(() -> type.apply("abc", op(1, del(10))))
                .hasMessageContaining("component 1")
                .hasMessageContaining("position 1")
                .hasMessageContaining("length 3 code points");
    }

    @Test
    void applyDeleteTextMismatchIsNotApplicable() {
        OtException.Kind kind = rejectionKind(() -> type.apply("abcdef", op(1, del("bXd"))));

        assertThat(kind).isEqualTo(OtException.Kind.NOT_APPLICABLE);
        assertThatThrownBy(() -> type.apply("abcdef", op(1, del("bXd"))))
                .hasMessageContaining("component 1")
                .hasMessageContaining("does not match");
    }

    @Test
    void applyManyEmojiRoundTrips() {
        String document = "😀".repeat(300);

        Object unchanged = type.apply(document, op(150, "x", del(1)));
        Object inserted = type.apply(document, op(300, "!"));
        Object back = type.apply(inserted, op(300, del("!")));

        assertThat(type.apply(document, List.of())).isEqualTo(document);
        assertThat(unchanged).isEqualTo("😀".repeat(150) + "x" + "😀".repeat(149));
        assertThat(back).isEqualTo(document);
    }

    @Test
    void applyRejectsNonStringSnapshot() {
        OtException.Kind kind = rejectionKind(() -> type.apply(42, op("a")));

        assertThat(kind).isEqualTo(OtException.Kind.NOT_APPLICABLE);
    }

    @Test
    void applyDoesNotMutateOp() {
        List<Object> mutable = new ArrayList<>(List.of(1, new HashMap<>(Map.of("d", "b")), "x"));
        List<Object> copy = new ArrayList<>(List.of(1, Map.of("d", "b"), "x"));

        type.apply("abc", mutable);
        type.normalize(mutable);

        assertThat(mutable).isEqualTo(copy);
    }

    @Test
    void checkOpRejectsMalformedShapes() {
        Map<String, Object> twoKeys = new HashMap<>();
        twoKeys.put("d", 1);
        twoKeys.put("i", "x");
        Map<String, Object> nullDelete = new HashMap<>();
        nullDelete.put("d", null);
        List<Object[]> cases = List.of(
                new Object[] {"abc", "must be a list"},
                new Object[] {op(0, "a"), "component 0: skip must be greater than 0"},
                new Object[] {op(-1, "a"), "component 0: skip count must not be negative"},
                new Object[] {op(1.5, "a"), "component 0: skip count must be an integer"},
                new Object[] {op(Double.NaN, "a"), "component 0: skip count must be an integer"},
                new Object[] {op(Double.POSITIVE_INFINITY, "a"), "must be an integer"},
                new Object[] {op((1L << 53) + 1, "a"), "above the maximum 2^53"},
                new Object[] {op("a", 1, 2, "b"), "component 2: adjacent skips"},
                new Object[] {op("a", 3), "component 1: op must not end with a skip"},
                new Object[] {op(""), "component 0: insert must not be empty"},
                new Object[] {op(del(0)), "component 0: delete must not be empty"},
                new Object[] {op(del("")), "component 0: delete must not be empty"},
                new Object[] {op(del(-2)), "must not be negative"},
                new Object[] {op(del(2.5)), "must be an integer"},
                new Object[] {op(del(true)), "must be a count or a string"},
                new Object[] {op(nullDelete), "must be a count or a string"},
                new Object[] {op(twoKeys), "single key \"d\""},
                new Object[] {op("a", true), "component 1: invalid component"},
                new Object[] {op("a", null), "component 1: invalid component null"},
                new Object[] {op(List.of(1)), "component 0: invalid component"});

        for (Object[] testCase : cases) {
            assertThatThrownBy(() -> type.checkOp(testCase[0]))
                    .as("op %s", testCase[0])
                    .isInstanceOf(OtException.class)
                    .hasMessageContaining((String) testCase[1])
                    .extracting(e -> ((OtException) e).kind())
                    .isEqualTo(OtException.Kind.BADLY_FORMED);
        }
    }

    @Test
    void checkOpAcceptsValidShapes() {
        List<Object> cases = List.of(
                List.of(),
                op("a", "b"),
                op(del(1), del("x")),
                op(3.0, "a"),
                op(1L << 53, "a"),
                op(2, del(3), "x", 1, del("y")));

        for (Object valid : cases) {
            type.checkOp(valid);
        }
    }

    @Test
    void normalizeMergesAndTrims() {
        Object normalized = type.normalize(op(0, 1, 2, "", "a", "b", del(0), del("x"), del("y"), 4, 0));

        assertThat(normalized).isEqualTo(op(3, "ab", del("xy")));
    }

    @Test
    void normalizeMixedDeletesBecomeCount() {
        Object normalized = type.normalize(op(del("x😀"), del(2), del("y")));

        assertThat(normalized).isEqualTo(op(del(5)));
    }

    @Test
    void normalizeStillRejectsGarbage() {
        assertThatThrownBy(() -> type.normalize(op(-1, "a"))).isInstanceOf(OtException.class);
        assertThatThrownBy(() -> type.normalize(op("\uD800"))).isInstanceOf(OtException.class);
        assertThatThrownBy(() -> type.normalize(op(true))).isInstanceOf(OtException.class);
        assertThatThrownBy(() -> type.normalize("a")).isInstanceOf(OtException.class);
    }

    @Test
    void isNoopOnlyForEmptyOp() {
        assertThat(type.isNoop(List.of())).isTrue();
        assertThat(type.isNoop(op("a"))).isFalse();
        assertThat(type.isNoop(op(1, del(1)))).isFalse();
        assertThatThrownBy(() -> type.isNoop(op(0))).isInstanceOf(OtException.class);
    }

    @Test
    void composeInsertThenDeleteCancels() {
        Object composed = type.compose(op(1, "xyz"), op(2, del("y")));

        assertThat(composed).isEqualTo(op(1, "xz"));
    }

    @Test
    void composeDeleteSlicesTextAroundInsert() {
        Object textOnly = type.compose(op(1, "X"), op(del("aX😀")));
        Object mixed = type.compose(op(1, "X"), op(del("aX😀"), del(1)));

        assertThat(textOnly).isEqualTo(op(del("a😀")));
        assertThat(mixed).isEqualTo(op(del(3)));
    }

    @Test
    void composeAgreesWithSequentialApply() {
        String document = "a😀b\u0301c";
        List<Object> first = op(1, del(1), 2, "é😀");
        List<Object> second = op(3, del("é"), 1, "z");

        Object composed = type.compose(first, second);
        Object sequential = type.apply(type.apply(document, first), second);

        assertThat(type.apply(document, composed)).isEqualTo(sequential);
    }

    @Test
    @SuppressWarnings("unchecked")
    void resultsAreUnmodifiable() {
        Object normalized = type.normalize(op("a"));

        assertThatThrownBy(() -> ((List<Object>) normalized).add("b"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void transformPresenceOwnInsertPushesCursor() {
        List<Object> insertAtTwo = op(2, "xy");
        Map<String, Object> range = Map.of("index", 2, "length", 3);

        Object own = type.transformPresence(range, insertAtTwo, true);
        Object other = type.transformPresence(range, insertAtTwo, false);

        assertThat(own).isEqualTo(Map.of("index", 4, "length", 3));
        assertThat(other).isEqualTo(Map.of("index", 2, "length", 5));
    }

    @Test
    void transformPresenceCountsCodePoints() {
        Map<String, Object> cursorAfterEmoji = Map.of("index", 2, "length", 0);

        Object moved = type.transformPresence(cursorAfterEmoji, op("😀😀"), false);
        Object deleted = type.transformPresence(Map.of("index", 2, "length", 1), op(1, del("😀b")), false);

        assertThat(moved).isEqualTo(Map.of("index", 4, "length", 0));
        assertThat(deleted).isEqualTo(Map.of("index", 1, "length", 0));
    }

    @Test
    void transformPresenceKeepsOtherKeys() {
        Map<String, Object> range = Map.of("index", 1, "length", 1, "color", "red");

        Object moved = type.transformPresence(range, op("ab"), false);

        assertThat(moved).isEqualTo(Map.of("index", 3, "length", 1, "color", "red"));
    }

    @Test
    void transformPresenceNullAndInvalidRanges() {
        assertThat(type.supportsPresence()).isTrue();
        assertThat(type.transformPresence(null, op("a"), true)).isNull();
        assertThat(rejectionKind(() -> type.transformPresence(Map.of("index", -1, "length", 0), op("a"), true)))
                .isEqualTo(OtException.Kind.BADLY_FORMED);
        assertThat(rejectionKind(() -> type.transformPresence(Map.of("index", 0.5, "length", 0), op("a"), true)))
                .isEqualTo(OtException.Kind.BADLY_FORMED);
        assertThat(rejectionKind(() -> type.transformPresence(3, op("a"), true)))
                .isEqualTo(OtException.Kind.BADLY_FORMED);
        assertThat(rejectionKind(() -> type.transformPresence(Map.of("index", 0, "length", 0), op(0), true)))
                .isEqualTo(OtException.Kind.BADLY_FORMED);
    }
}
