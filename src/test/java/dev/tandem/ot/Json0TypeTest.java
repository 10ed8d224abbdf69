package dev.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples for json0; every expected value was computed with ot-json0 1.1.0 under Node.js. */
class Json0TypeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Json0Type type = Json0DifferentialTest.newType();

    private static Object json(String text) {
        try {
            return MAPPER.readValue(text, new TypeReference<Object>() {});
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Returns JSON text with sorted keys and integral numbers written without a fraction, as JavaScript does. */
    static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(sorted(value));
        } catch (Exception e) {
            throw new IllegalArgumentException(String.valueOf(value), e);
        }
    }

    private static Object sorted(Object value) {
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) number.longValue() : (Object) d;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Json0TypeTest::sorted).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new TreeMap<>();
            map.forEach((key, item) -> copy.put(key, sorted(item)));
            return copy;
        }
        return value;
    }

    @Test
    void loneSurrogateInKeysIsRejected() {
        Object document = type.create(json("{\"y\": {}}"));
        List<Object> inPath = List.of(Map.of("p", List.of("\udc00"), "oi", 1));
        List<Object> inValueKey = List.of(Map.of("p", List.of("x"), "oi", Map.of("\ud83d", 1)));

        for (List<Object> op : List.of(inPath, inValueKey)) {
            assertThatThrownBy(() -> type.apply(document, op)).isInstanceOfSatisfying(OtException.class,
                    e -> assertThat(e.kind()).isEqualTo(OtException.Kind.BADLY_FORMED));
        }
    }

    @Test
    void naThatOverflowsIsRejected() {
        Object document = type.create(json("{\"n\": 1e308}"));

        assertThatThrownBy(() -> type.apply(document, List.of(Map.of("p", List.of("n"), "na", 1e308))))
                .isInstanceOfSatisfying(OtException.class,
                        e -> assertThat(e.kind()).isEqualTo(OtException.Kind.NOT_APPLICABLE));
        assertThat(type.apply(document, List.of(Map.of("p", List.of("n"), "na", -1e308)))).isEqualTo(Map.of("n", 0.0));
    }

    @Test
    void nameAndUriMatchReference() {
        assertThat(type.name()).isEqualTo("json0");
        assertThat(type.uri()).isEqualTo("http://sharejs.org/types/JSONv0");
    }

    @Test
    void standardRegistryHasJson0AndTextUnicode() {
        TypeRegistry registry = TypeRegistry.standard();

        assertThat(registry.find("json0")).containsInstanceOf(Json0Type.class);
        assertThat(registry.find("http://sharejs.org/types/JSONv0")).containsInstanceOf(Json0Type.class);
        assertThat(registry.find("text-unicode")).containsInstanceOf(TextUnicodeType.class);
    }

    @Test
    void standardRegistryResolvesEmbeddedTextUnicode() {
        OtType json0 = TypeRegistry.standard().find("json0").orElseThrow();

        Object result = json0.apply(json("{\"t\":\"ab\"}"), json("[{\"p\":[\"t\"],\"t\":\"text-unicode\",\"o\":[1,\"X\"]}]"));

        assertThat(text(result)).isEqualTo("{\"t\":\"aXb\"}");
    }

    @Test
    void subtypeLookedUpAtCallTime() {
        Map<String, OtType> registered = new HashMap<>();
        Json0Type late = new Json0Type(name -> Optional.ofNullable(registered.get(name)));
        Object op = json("[{\"p\":[\"t\"],\"t\":\"text-unicode\",\"o\":[\"X\"]}]");
        assertThatThrownBy(() -> late.apply(json("{\"t\":\"\"}"), op)).isInstanceOf(OtException.class)
                .hasMessageContaining("unknown embedded subtype");

        registered.put("text-unicode", new TextUnicodeType());

        assertThat(text(late.apply(json("{\"t\":\"\"}"), op))).isEqualTo("{\"t\":\"X\"}");
    }

    @Test
    void text0SubtypeRejectedWithHint() {
        Object op = json("[{\"p\":[\"t\"],\"t\":\"text0\",\"o\":[{\"p\":0,\"i\":\"a\"}]}]");

        assertThatThrownBy(() -> type.checkOp(op)).isInstanceOf(OtException.class)
                .hasMessageContaining("text0 is not supported").hasMessageContaining("si and sd");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "move 0->2 vs move 0->3 | [{\"p\":[\"l\",0],\"lm\":2}] | [{\"p\":[\"l\",0],\"lm\":3}] | [{\"p\":[\"l\",2],\"lm\":3}] | [\"B\",\"C\",\"D\",\"A\"]",
        "move 0->3 vs move 3->0 | [{\"p\":[\"l\",0],\"lm\":3}] | [{\"p\":[\"l\",3],\"lm\":0}] | [{\"p\":[\"l\",2],\"lm\":0}] | [\"D\",\"B\",\"C\",\"A\"]",
        "move 0->2 vs move 3->2 | [{\"p\":[\"l\",0],\"lm\":2}] | [{\"p\":[\"l\",3],\"lm\":2}] | [{\"p\":[\"l\",3],\"lm\":1}] | [\"B\",\"D\",\"C\",\"A\"]",
        "replace 1 vs move 1->0 | [{\"p\":[\"l\",1],\"ld\":\"B\",\"li\":\"Y\"}] | [{\"p\":[\"l\",1],\"lm\":0}] | [{\"p\":[\"l\",1],\"lm\":0}] | [\"Y\",\"A\",\"C\",\"D\"]",
        "delete 1 vs move 1->3 | [{\"p\":[\"l\",1],\"ld\":\"B\"}] | [{\"p\":[\"l\",1],\"lm\":3}] | [] | [\"A\",\"C\",\"D\"]",
    })
    void listMoveTransformsLikeReference(String name, String first, String second, String expectedOp,
            String expectedList) {
        Object document = json("{\"l\":[\"A\",\"B\",\"C\",\"D\"]}");
        Object a = json(first);
        Object b = json(second);

        Object transformed = type.transform(b, a, Side.LEFT);
        Object afterBoth = type.apply(type.apply(document, a), transformed);
        Object otherOrder = type.apply(type.apply(document, b), type.transform(a, b, Side.RIGHT));

        assertThat(text(transformed)).isEqualTo(text(json(expectedOp)));
        assertThat(text(afterBoth)).isEqualTo(text(json("{\"l\":" + expectedList + "}")));
        assertThat(text(otherOrder)).isEqualTo(text(afterBoth));
    }

    @Test
    void insertsAtSameOffsetLeftStaysBefore() {
        Object document = json("{\"t\":\"\"}");
        Object a = json("[{\"p\":[\"t\",0],\"si\":\"a\"}]");
        Object b = json("[{\"p\":[\"t\",0],\"si\":\"b\"}]");

        Object result = type.apply(type.apply(document, a), type.transform(b, a, Side.LEFT));

        assertThat(text(result)).isEqualTo("{\"t\":\"ba\"}");
    }

    @Test
    void overlappingDeletesDeleteUnion() {
        Object document = json("{\"t\":\"abcdef\"}");
        Object a = json("[{\"p\":[\"t\",1],\"sd\":\"bcd\"}]");
        Object b = json("[{\"p\":[\"t\",2],\"sd\":\"cde\"}]");

        Object transformed = type.transform(b, a, Side.LEFT);
        Object result = type.apply(type.apply(document, a), transformed);

        assertThat(text(transformed)).isEqualTo("[{\"p\":[\"t\",1],\"sd\":\"e\"}]");
        assertThat(text(result)).isEqualTo("{\"t\":\"af\"}");
    }

    @Test
    void stringOffsetsCountUtf16Units() {
        Object document = json("{\"t\":\"a😀b\"}");

        Object inserted = type.apply(document, json("[{\"p\":[\"t\",3],\"si\":\"X\"}]"));
        Object deleted = type.apply(document, json("[{\"p\":[\"t\",1],\"sd\":\"😀\"}]"));

        assertThat(text(inserted)).isEqualTo("{\"t\":\"a😀Xb\"}");
        assertThat(text(deleted)).isEqualTo("{\"t\":\"ab\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"p\":[\"t\",2],\"si\":\"X\"}]",
        "[{\"p\":[\"t\",2],\"sd\":\"\\uDE00b\"}]",
        "[{\"p\":[\"t\",0],\"sd\":\"a\\uD83D\"}]",
        "[{\"p\":[\"t\",1],\"si\":\"\\uD83D\"}]",
        "[{\"p\":[\"t\",1],\"si\":\"\\uDE00x\"}]",
    })
    void unpairedSurrogateRejected(String op) {
        Object document = json("{\"t\":\"a😀b\"}");

        assertThatThrownBy(() -> type.apply(document, json(op))).isInstanceOf(OtException.class);
        assertThat(text(document)).isEqualTo("{\"t\":\"a😀b\"}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "si past the end | [{\"p\":[\"t\",99],\"si\":\"z\"}]",
        "ld past the end | [{\"p\":[\"l\",5],\"ld\":\"a\"}]",
        "na with a string | [{\"p\":[\"n\"],\"na\":\"1\"}]",
        "oi at the root without od | [{\"p\":[],\"oi\":{\"x\":1}}]",
        "sd text differs | [{\"p\":[\"t\",1],\"sd\":\"zz\"}]",
        "no operation | [{\"p\":[\"n\"]}]",
        "oi over an existing key | [{\"p\":[\"t\"],\"oi\":\"q\"}]",
        "od value differs | [{\"p\":[\"n\"],\"od\":2}]",
        "od of a missing key | [{\"p\":[\"zz\"],\"od\":1}]",
        "ld value differs | [{\"p\":[\"l\",0],\"ld\":\"b\"}]",
        "li past the end | [{\"p\":[\"l\",2],\"li\":\"b\"}]",
        "lm target out of range | [{\"p\":[\"l\",0],\"lm\":1}]",
        "lm source out of range | [{\"p\":[\"l\",1],\"lm\":0}]",
        "missing path | [{\"p\":[\"x\",\"y\"],\"oi\":1}]",
        "path through a number | [{\"p\":[\"n\",\"y\"],\"oi\":1}]",
        "string key into a list | [{\"p\":[\"l\",\"0\"],\"ld\":\"a\"}]",
        "negative index | [{\"p\":[\"l\",-1],\"li\":\"b\"}]",
        "fractional index | [{\"p\":[\"l\",0.5],\"li\":\"b\"}]",
        "path not a list | [{\"p\":\"l\",\"li\":\"b\"}]",
        "missing path key | [{\"li\":\"b\"}]",
        "unknown key | [{\"p\":[\"l\",0],\"li\":\"b\",\"x\":1}]",
        "two operations | [{\"p\":[\"l\",0],\"li\":\"b\",\"oi\":1}]",
        "si and sd together | [{\"p\":[\"t\",0],\"si\":\"b\",\"sd\":\"a\"}]",
        "si with a number | [{\"p\":[\"t\",0],\"si\":1}]",
        "lm with a negative target | [{\"p\":[\"l\",0],\"lm\":-1}]",
        "na on a string | [{\"p\":[\"t\"],\"na\":1}]",
        "si on a number | [{\"p\":[\"n\",0],\"si\":\"x\"}]",
        "li on an object | [{\"p\":[\"t\",0],\"li\":1}]",
        "od at the root alone | [{\"p\":[],\"od\":{}}]",
        "component not an object | [1]",
        "op not a list | {\"p\":[\"n\"],\"na\":1}",
        "second component invalid | [{\"p\":[\"n\"],\"na\":1},{\"p\":[\"l\",9],\"ld\":\"a\"}]",
    })
    void invalidOpRejectedAndDocumentUnchanged(String name, String op) {
        Object document = json("{\"t\":\"abc\",\"l\":[\"a\"],\"n\":1}");

        assertThatThrownBy(() -> type.apply(document, json(op))).isInstanceOf(OtException.class);
        assertThat(text(document)).isEqualTo(text(json("{\"t\":\"abc\",\"l\":[\"a\"],\"n\":1}")));
    }

    @Test
    void malformedOpIsBadlyFormed() {
        assertThatThrownBy(() -> type.checkOp(json("[{\"p\":[\"n\"],\"na\":\"1\"}]")))
                .isInstanceOfSatisfying(OtException.class,
                        e -> assertThat(e.kind()).isEqualTo(OtException.Kind.BADLY_FORMED));
    }

    @Test
    void mismatchedDeleteIsNotApplicable() {
        Object document = json("{\"n\":1}");

        assertThatThrownBy(() -> type.apply(document, json("[{\"p\":[\"n\"],\"od\":2}]")))
                .isInstanceOfSatisfying(OtException.class,
                        e -> assertThat(e.kind()).isEqualTo(OtException.Kind.NOT_APPLICABLE));
    }

    @Test
    void rootReplaceWithMatchingOd() {
        Object document = json("{\"a\":[1,2]}");

        Object result = type.apply(document, json("[{\"p\":[],\"od\":{\"a\":[1,2.0]},\"oi\":[\"new\"]}]"));

        assertThat(text(result)).isEqualTo("[\"new\"]");
    }

    @Test
    void applyLeavesInputsUnchanged() {
        Object document = json("{\"l\":[{\"x\":\"ab\"}],\"n\":1}");
        Object op = json("[{\"p\":[\"l\",0,\"x\",1],\"si\":\"Z\"},{\"p\":[\"l\",1],\"li\":{\"k\":[1]}},{\"p\":[\"n\"],\"na\":2}]");
        String documentBefore = text(document);
        String opBefore = text(op);

        Object result = type.apply(document, op);
        ((Map<String, Object>) ((List<Object>) ((Map<String, Object>) result).get("l")).get(1)).put("k", "changed");

        assertThat(text(result)).isEqualTo("{\"l\":[{\"x\":\"aZb\"},{\"k\":\"changed\"}],\"n\":3}");
        assertThat(text(document)).isEqualTo(documentBefore);
        assertThat(text(op)).isEqualTo(opBefore);
    }

    @Test
    void numberAddKeepsIntegersAndFractions() {
        Object document = json("{\"i\":1,\"f\":0.5}");

        Object result = type.apply(document, json("[{\"p\":[\"i\"],\"na\":2},{\"p\":[\"f\"],\"na\":0.25}]"));

        assertThat(((Map<?, ?>) result).get("i")).isEqualTo(3L);
        assertThat(((Map<?, ?>) result).get("f")).isEqualTo(0.75);
    }

    @Test
    void createCopiesInitialData() {
        Map<String, Object> initial = new HashMap<>(Map.of("a", 1));

        Object created = type.create(initial);
        initial.put("a", 2);

        assertThat(text(created)).isEqualTo("{\"a\":1}");
        assertThat(type.create(null)).isNull();
    }

    @Test
    void composeMergesLikeReference() {
        Object first = json("[{\"p\":[\"t\",1],\"si\":\"ab\"},{\"p\":[\"n\"],\"na\":1}]");
        Object second = json("[{\"p\":[\"n\"],\"na\":2},{\"p\":[\"x\"],\"oi\":1},{\"p\":[\"x\"],\"od\":1}]");

        Object composed = type.compose(first, second);

        assertThat(text(composed)).isEqualTo("[{\"p\":[\"t\",1],\"si\":\"ab\"},{\"na\":3,\"p\":[\"n\"]}]");
    }

    @Test
    void composeMergesAdjacentStringInserts() {
        Object composed = type.compose(json("[{\"p\":[\"t\",1],\"si\":\"ab\"}]"), json("[{\"p\":[\"t\",2],\"si\":\"X\"}]"));

        assertThat(text(composed)).isEqualTo("[{\"p\":[\"t\",1],\"si\":\"aXb\"}]");
    }

    @Test
    void normalizeWrapsSingleComponent() {
        Object normalized = type.normalize(json("{\"oi\":{},\"od\":null}"));

        assertThat(text(normalized)).isEqualTo("[{\"od\":null,\"oi\":{},\"p\":[]}]");
    }

    @Test
    void invertUndoesEveryKind() {
        Object document = json("{\"t\":\"abc\",\"l\":[\"a\",\"b\"],\"n\":1,\"o\":{\"k\":true}}");
        Object op = json("[{\"p\":[\"t\",1],\"sd\":\"b\"},{\"p\":[\"t\",0],\"si\":\"Z\"},{\"p\":[\"l\",0],\"lm\":1},"
                + "{\"p\":[\"l\",0],\"ld\":\"b\",\"li\":[1]},{\"p\":[\"n\"],\"na\":-4},{\"p\":[\"o\",\"k\"],\"od\":true},"
                + "{\"p\":[\"o\",\"m\"],\"oi\":null}]");

        Object after = type.apply(document, op);
        Object restored = type.apply(after, type.invert(op, null));

        assertThat(text(after)).isEqualTo("{\"l\":[[1],\"a\"],\"n\":-3,\"o\":{\"m\":null},\"t\":\"Zac\"}");
        assertThat(text(restored)).isEqualTo(text(document));
    }

    @Test
    void isNoopForEmptyAndTrivialOps() {
        assertThat(type.isNoop(List.of())).isTrue();
        assertThat(type.isNoop(json("[{\"p\":[\"l\",2],\"lm\":2},{\"p\":[\"n\"],\"na\":0}]"))).isTrue();
        assertThat(type.isNoop(json("[{\"p\":[\"n\"],\"na\":1}]"))).isFalse();
    }

    @Test
    void deleteCarriesOtherEditAfterTransform() {
        Object delete = json("[{\"p\":[\"l\",0],\"ld\":{\"t\":\"ab\"}}]");
        Object edit = json("[{\"p\":[\"l\",0,\"t\",2],\"si\":\"c\"}]");

        Object transformed = type.transform(delete, edit, Side.LEFT);

        assertThat(text(transformed)).isEqualTo("[{\"ld\":{\"t\":\"abc\"},\"p\":[\"l\",0]}]");
    }

    /**
     * Pins a known divergence of ot-json0 1.1.0 that Tandem keeps: si/sd and an embedded text-unicode
     * op on one string are not transformed against each other. Here the two orders give "abc" and "Xbc".
     */
    @Test
    void stringEditPassesEmbeddedOpUntransformed() {
        Object document = json("{\"t\":\"abc\"}");
        Object insert = json("[{\"p\":[\"t\",0],\"si\":\"X\"}]");
        Object embedded = json("[{\"p\":[\"t\"],\"t\":\"text-unicode\",\"o\":[{\"d\":1}]}]");

        Object embeddedAfterInsert = type.transform(embedded, insert, Side.LEFT);
        Object insertAfterEmbedded = type.transform(insert, embedded, Side.RIGHT);

        assertThat(text(embeddedAfterInsert)).isEqualTo(text(embedded));
        assertThat(text(insertAfterEmbedded)).isEqualTo(text(insert));
        assertThat(text(type.apply(type.apply(document, insert), embeddedAfterInsert))).isEqualTo("{\"t\":\"abc\"}");
        assertThat(text(type.apply(type.apply(document, embedded), insertAfterEmbedded))).isEqualTo("{\"t\":\"Xbc\"}");
    }

    @Test
    void presenceMovesAcrossListAndStringEdits() {
        Object presence = json("{\"p\":[\"l\",1,\"t\"],\"index\":2,\"length\":1}");
        Object op = json("[{\"p\":[\"l\",0],\"li\":\"new\"},{\"p\":[\"l\",2,\"t\",0],\"si\":\"XY\"}]");

        Object moved = type.transformPresence(presence, op, false);

        assertThat(text(moved)).isEqualTo("{\"index\":4,\"length\":1,\"p\":[\"l\",2,\"t\"]}");
    }

    @Test
    void presenceTieDependsOnOwnOp() {
        Object presence = json("{\"p\":[\"t\"],\"index\":1,\"length\":0}");
        Object op = json("[{\"p\":[\"t\",1],\"si\":\"ab\"}]");

        assertThat(text(type.transformPresence(presence, op, true))).isEqualTo("{\"index\":3,\"length\":0,\"p\":[\"t\"]}");
        assertThat(text(type.transformPresence(presence, op, false))).isEqualTo("{\"index\":1,\"length\":0,\"p\":[\"t\"]}");
    }

    @Test
    void presenceFollowsMovedItem() {
        Object presence = json("{\"p\":[\"l\",0]}");

        Object moved = type.transformPresence(presence, json("[{\"p\":[\"l\",0],\"lm\":3}]"), false);

        assertThat(text(moved)).isEqualTo("{\"p\":[\"l\",3]}");
    }

    @Test
    void presenceBecomesNullWhenTargetDeleted() {
        Object presence = json("{\"p\":[\"o\",\"k\",\"t\"],\"index\":0,\"length\":0}");

        assertThat(type.transformPresence(presence, json("[{\"p\":[\"o\",\"k\"],\"od\":{}}]"), false)).isNull();
        assertThat(type.transformPresence(presence, json("[{\"p\":[],\"od\":{},\"oi\":1}]"), false)).isNull();
        assertThat(type.transformPresence(null, json("[]"), false)).isNull();
    }

    @Test
    void presenceWithoutPathRejected() {
        assertThatThrownBy(() -> type.transformPresence(json("{\"index\":1}"), List.of(), false))
                .isInstanceOf(OtException.class);
    }

    @Test
    void applyLeavesInputUnchangedAndSharesUntouchedParts() {
        Object snapshot = json("{\"l\":[{\"n\":1},{\"n\":2}],\"other\":{\"deep\":[1,2,3]}}");
        Object before = json("{\"l\":[{\"n\":1},{\"n\":2}],\"other\":{\"deep\":[1,2,3]}}");

        Object after = type.apply(snapshot, json("[{\"p\":[\"l\",1,\"n\"],\"na\":5},{\"p\":[\"l\",0],\"ld\":{\"n\":1}}]"));

        assertThat(snapshot).isEqualTo(before);
        assertThat(text(after)).isEqualTo("{\"l\":[{\"n\":7}],\"other\":{\"deep\":[1,2,3]}}");
        assertThat(((java.util.Map<?, ?>) after).get("other")).isSameAs(((java.util.Map<?, ?>) snapshot).get("other"));
    }

    @Test
    void rejectedApplyLeavesInputUnchanged() {
        Object snapshot = json("{\"l\":[\"a\",\"b\"],\"n\":1}");

        assertThatThrownBy(() -> type.apply(snapshot,
                json("[{\"p\":[\"l\",0],\"ld\":\"a\"},{\"p\":[\"n\"],\"na\":\"1\"}]")))
                .isInstanceOf(OtException.class);

        assertThat(snapshot).isEqualTo(json("{\"l\":[\"a\",\"b\"],\"n\":1}"));
    }

    @Test
    void longListSnapshotsKeepTheirValues() {
        Object created = type.create(json("{\"items\":[" + "0,".repeat(999) + "0]}"));
        List<Object> snapshots = new java.util.ArrayList<>(List.of(created));
        List<String> texts = new java.util.ArrayList<>(List.of(text(created)));

        for (int i = 0; i < 300; i++) {
            Object previous = snapshots.get(snapshots.size() - 1);
            Object op = switch (i % 4) {
                case 0 -> json("[{\"p\":[\"items\"," + (i * 7 % 1000) + "],\"li\":" + i + "}]");
                case 1 -> json("[{\"p\":[\"items\",0],\"ld\":" + ((List<?>) ((Map<?, ?>) previous).get("items")).get(0) + "}]");
                case 2 -> json("[{\"p\":[\"items\"," + (i * 13 % 1000) + "],\"lm\":" + (i * 31 % 1000) + "}]");
                default -> json("[{\"p\":[\"items\"," + (i * 17 % 1000) + "],\"na\":1}]");
            };
            Object next = type.apply(previous, op);
            snapshots.add(next);
            texts.add(text(next));
        }

        for (int i = 0; i < snapshots.size(); i++) {
            assertThat(text(snapshots.get(i))).as("snapshot %d", i).isEqualTo(texts.get(i));
        }
    }

    @Test
    void rejectedApplyLeavesLongListUnchanged() {
        Object snapshot = type.apply(type.create(json("{\"items\":[" + "0,".repeat(999) + "0]}")),
                json("[{\"p\":[\"items\",500],\"li\":1}]"));
        String before = text(snapshot);

        assertThatThrownBy(() -> type.apply(snapshot, json("[{\"p\":[\"items\",10],\"li\":2},"
                + "{\"p\":[\"items\",500],\"lm\":3},{\"p\":[\"items\",0],\"ld\":7}]")))
                .isInstanceOf(OtException.class);

        assertThat(text(snapshot)).isEqualTo(before);
    }
}
