package dev.tandem.ot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.document.DocumentSize;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Examples checked against rich-text 4.1.0 in node, plus the cases where Tandem deliberately rejects. */
class RichTextTypeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final RichTextType type = new RichTextType();

    private static Object json(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON in test: " + text, e);
        }
    }

    /** Returns a value as JSON text, so results compare independently of Java number classes. */
    private static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
        assertThat(type.name()).isEqualTo("rich-text");
        assertThat(type.uri()).isEqualTo("http://sharejs.org/types/rich-text/v1");
        assertThat(type.supportsPresence()).isTrue();
    }

    @Test
    void loneSurrogateInAttributesOrEmbedsIsRejected() {
        Object document = type.create(json("{\"ops\":[{\"insert\":\"ab\"}]}"));
        List<Object> inAttributeValue = List.of(Map.of("retain", 1, "attributes", Map.of("x", "\ud83d")));
        List<Object> inAttributeKey = List.of(Map.of("retain", 1, "attributes", Map.of("\ud83d", true)));
        List<Object> inEmbed = List.of(Map.of("insert", Map.of("image", "\udc00.png")));

        for (List<Object> op : List.of(inAttributeValue, inAttributeKey, inEmbed)) {
            assertThat(rejectionKind(() -> type.apply(document, op))).isEqualTo(OtException.Kind.BADLY_FORMED);
        }
    }

    @Test
    void deletesReportNoGrowth() {
        Object op = json("[{\"retain\":2},{\"delete\":3}]");

        OtType.SizeChange change = type.sizeChange(op, value -> DocumentSize.exact(value, Long.MAX_VALUE));

        assertThat(change.max()).isZero();
        assertThat(change.min()).isNegative();
    }

    @Test
    void splittingRunCopiesItsAttributes() {
        // Bolding every other character of a linked run copies the long link into every piece, so
        // the document grows by far more than the op: the op alone does not bound the growth.
        String link = "https://example.com/" + "x".repeat(200);
        Object document = type.create(json("{\"ops\":[{\"insert\":\"abcdefghij\",\"attributes\":{\"link\":\"" + link
                + "\"}}]}"));
        Object op = json("[{\"retain\":1},{\"retain\":1,\"attributes\":{\"bold\":true}},{\"retain\":1},"
                + "{\"retain\":1,\"attributes\":{\"bold\":true}},{\"retain\":1},{\"retain\":1,\"attributes\":{\"bold\":true}}]");

        long growth = DocumentSize.exact(type.apply(document, op), Long.MAX_VALUE) - DocumentSize.exact(document, Long.MAX_VALUE);

        assertThat(growth).isGreaterThan(DocumentSize.exact(op, Long.MAX_VALUE));
        assertThat(type.sizeChange(op, value -> DocumentSize.exact(value, Long.MAX_VALUE))).isNull();
    }

    @Test
    void registryFindsRichTextAndTextUnicode() {
        TypeRegistry registry = TypeRegistry.standard();

        assertThat(registry.find("rich-text")).containsInstanceOf(RichTextType.class);
        assertThat(registry.find("http://sharejs.org/types/rich-text/v1")).containsInstanceOf(RichTextType.class);
        assertThat(registry.find("text-unicode")).containsInstanceOf(TextUnicodeType.class);
    }

    @Test
    void createWithNullGivesEmptyDelta() {
        assertThat(text(type.create(null))).isEqualTo("{\"ops\":[]}");
    }

    @Test
    void createKeepsInsertsAsGiven() {
        Object fromList = type.create(json("[{\"insert\":\"a\"},{\"insert\":\"b\"}]"));
        Object fromDelta = type.create(json("{\"ops\":[{\"insert\":\"\\n\"}]}"));

        assertThat(text(fromList)).isEqualTo("{\"ops\":[{\"insert\":\"a\"},{\"insert\":\"b\"}]}");
        assertThat(text(fromDelta)).isEqualTo("{\"ops\":[{\"insert\":\"\\n\"}]}");
    }

    @Test
    void createRejectsNonDocuments() {
        assertThat(rejectionKind(() -> type.create("abc"))).isEqualTo(OtException.Kind.BADLY_FORMED);
        assertThat(rejectionKind(() -> type.create(json("[{\"retain\":1}]"))))
                .isEqualTo(OtException.Kind.BADLY_FORMED);
        assertThat(rejectionKind(() -> type.create(json("[{\"insert\":\"a\",\"attributes\":{\"bold\":null}}]"))))
                .isEqualTo(OtException.Kind.BADLY_FORMED);
    }

    @Test
    void transformConcurrentInsertsLeftGoesSecond() {
        Object doc = type.create(json("[{\"insert\":\"\\n\"}]"));
        Object a = json("{\"ops\":[{\"insert\":\"a\"}]}");
        Object b = json("{\"ops\":[{\"insert\":\"b\"}]}");

        Object bAfterA = type.transform(b, a, Side.LEFT);
        Object aAfterB = type.transform(a, b, Side.RIGHT);

        assertThat(text(bAfterA)).isEqualTo("{\"ops\":[{\"retain\":1},{\"insert\":\"b\"}]}");
        assertThat(text(aAfterB)).isEqualTo("{\"ops\":[{\"insert\":\"a\"}]}");
        assertThat(text(type.apply(type.apply(doc, a), bAfterA))).isEqualTo("{\"ops\":[{\"insert\":\"ab\\n\"}]}");
        assertThat(text(type.apply(type.apply(doc, b), aAfterB))).isEqualTo("{\"ops\":[{\"insert\":\"ab\\n\"}]}");
    }

    @Test
    void transformDifferentLineFormatsKeepsBoth() {
        Object doc = type.create(json("[{\"insert\":\"Title\\n\"}]"));
        Object a = json("{\"ops\":[{\"retain\":5},{\"retain\":1,\"attributes\":{\"header\":1}}]}");
        Object b = json("{\"ops\":[{\"retain\":5},{\"retain\":1,\"attributes\":{\"list\":\"ordered\"}}]}");

        Object bAfterA = type.transform(b, a, Side.LEFT);
        Object result = type.apply(type.apply(doc, a), bAfterA);

        assertThat(text(bAfterA))
                .isEqualTo("{\"ops\":[{\"retain\":5},{\"retain\":1,\"attributes\":{\"list\":\"ordered\"}}]}");
        assertThat(result).isEqualTo(json(
                "{\"ops\":[{\"insert\":\"Title\"},{\"insert\":\"\\n\",\"attributes\":{\"header\":1,\"list\":\"ordered\"}}]}"));
        assertThat(result).isEqualTo(type.apply(type.apply(doc, b), type.transform(a, b, Side.RIGHT)));
    }

    @Test
    void transformSameAttributeFirstOpWins() {
        Object doc = type.create(json("[{\"insert\":\"Title\\n\"}]"));
        Object a = json("{\"ops\":[{\"retain\":5},{\"retain\":1,\"attributes\":{\"header\":1}}]}");
        Object b = json("{\"ops\":[{\"retain\":5},{\"retain\":1,\"attributes\":{\"header\":2}}]}");

        Object bAfterA = type.transform(b, a, Side.LEFT);
        Object result = type.apply(type.apply(doc, a), bAfterA);

        assertThat(text(bAfterA)).isEqualTo("{\"ops\":[]}");
        assertThat(type.isNoop(bAfterA)).isTrue();
        assertThat(result).isEqualTo(
                json("{\"ops\":[{\"insert\":\"Title\"},{\"insert\":\"\\n\",\"attributes\":{\"header\":1}}]}"));
        assertThat(result).isEqualTo(type.apply(type.apply(doc, b), type.transform(a, b, Side.RIGHT)));
    }

    @Test
    void transformBoldRemovalAgainstBoldItalic() {
        Object doc = type.create(json("[{\"insert\":\"bold\",\"attributes\":{\"bold\":true}},{\"insert\":\"\\n\"}]"));
        Object a = json("{\"ops\":[{\"retain\":4,\"attributes\":{\"bold\":null}}]}");
        Object b = json("{\"ops\":[{\"retain\":4,\"attributes\":{\"bold\":true,\"italic\":true}}]}");

        Object bAfterA = type.transform(b, a, Side.LEFT);
        Object result = type.apply(type.apply(doc, a), bAfterA);

        assertThat(text(bAfterA)).isEqualTo("{\"ops\":[{\"retain\":4,\"attributes\":{\"italic\":true}}]}");
        assertThat(result).isEqualTo(
                json("{\"ops\":[{\"insert\":\"bold\",\"attributes\":{\"italic\":true}},{\"insert\":\"\\n\"}]}"));
        assertThat(result).isEqualTo(type.apply(type.apply(doc, b), type.transform(a, b, Side.RIGHT)));
    }

    @Test
    void applyBoldRemovalOnPlainTextChangesNothing() {
        Object doc = type.create(json("[{\"insert\":\"plain\\n\"}]"));

        Object result = type.apply(doc, json("{\"ops\":[{\"retain\":5,\"attributes\":{\"bold\":null}}]}"));

        assertThat(text(result)).isEqualTo("{\"ops\":[{\"insert\":\"plain\\n\"}]}");
        assertThat(text(result)).doesNotContain("null");
    }

    /** The reference would store {"bold": null} on the inserted text; Tandem drops it. */
    @Test
    void applyDropsNullAttributesOfInserts() {
        Object doc = type.create(json("[{\"insert\":\"ab\\n\"}]"));

        Object result = type.apply(doc,
                json("{\"ops\":[{\"retain\":1},{\"insert\":\"x\",\"attributes\":{\"bold\":null,\"italic\":true}},"
                        + "{\"insert\":\"y\",\"attributes\":{\"bold\":null}}]}"));

        assertThat(text(result)).isEqualTo(
                "{\"ops\":[{\"insert\":\"a\"},{\"insert\":\"x\",\"attributes\":{\"italic\":true}},{\"insert\":\"yb\\n\"}]}");
    }

    /** The reference would store the empty object; Tandem stores the insert without attributes. */
    @Test
    void applyDropsEmptyAttributesOfInserts() {
        Object doc = type.create(json("[{\"insert\":\"ab\\n\"}]"));

        Object result = type.apply(doc, json("{\"ops\":[{\"retain\":1},{\"insert\":\"x\",\"attributes\":{}}]}"));

        assertThat(text(result)).isEqualTo("{\"ops\":[{\"insert\":\"axb\\n\"}]}");
    }

    @Test
    void transformOverlappingDeletes() {
        Object doc = type.create(json("[{\"insert\":\"abcdef\\n\"}]"));
        Object a = json("{\"ops\":[{\"retain\":1},{\"delete\":3}]}");
        Object b = json("{\"ops\":[{\"retain\":2},{\"delete\":3}]}");

        Object viaA = type.apply(type.apply(doc, a), type.transform(b, a, Side.LEFT));
        Object viaB = type.apply(type.apply(doc, b), type.transform(a, b, Side.RIGHT));

        assertThat(text(type.transform(b, a, Side.LEFT))).isEqualTo("{\"ops\":[{\"retain\":1},{\"delete\":1}]}");
        assertThat(text(viaA)).isEqualTo("{\"ops\":[{\"insert\":\"af\\n\"}]}");
        assertThat(viaB).isEqualTo(viaA);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"retain\":0},{\"delete\":1}]",
        "[{\"retain\":-1},{\"insert\":\"X\"}]",
        "[{\"delete\":1.5}]",
        "[{\"delete\":0}]",
        "[{\"foo\":1}]",
        "[{\"insert\":\"\"}]",
        "[{\"insert\":\"a\",\"attributes\":\"bold\"}]",
        "[{\"retain\":1,\"attributes\":[1]}]",
        "[{\"retain\":1,\"attributes\":null}]",
        "[{\"delete\":1,\"attributes\":{\"bold\":true}}]",
        "[{\"insert\":\"a\",\"delete\":1}]",
        "[{\"insert\":5}]",
        "[{\"insert\":{}}]",
        "[{\"insert\":{\"image\":\"a.png\",\"alt\":\"x\"}}]",
        "[{\"retain\":{\"table\":{}}}]",
        "[{\"retain\":\"3\"}]",
        "[{\"insert\":\"\\ud83d\"}]",
        "[\"abc\"]",
        "{\"ops\":{\"insert\":\"a\"}}",
        "{\"ops\":[],\"extra\":1}",
        "{\"insert\":\"a\"}",
        "42",
    })
    void malformedOpIsRejectedAndSnapshotUnchanged(String op) {
        Object doc = type.create(json("[{\"insert\":\"abc\\n\"}]"));
        String before = text(doc);

        assertThat(rejectionKind(() -> type.apply(doc, json(op)))).isEqualTo(OtException.Kind.BADLY_FORMED);
        assertThat(rejectionKind(() -> type.checkOp(json(op)))).isEqualTo(OtException.Kind.BADLY_FORMED);
        assertThat(text(doc)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[{\"retain\":10},{\"insert\":\"Z\"}]",
        "[{\"delete\":10}]",
        "[{\"retain\":4},{\"delete\":1}]",
        "[{\"retain\":5}]",
    })
    void opPastEndIsNotApplicable(String op) {
        Object doc = type.create(json("[{\"insert\":\"abc\\n\"}]"));
        String before = text(doc);

        assertThat(rejectionKind(() -> type.apply(doc, json(op)))).isEqualTo(OtException.Kind.NOT_APPLICABLE);
        type.checkOp(json(op));
        assertThat(text(doc)).isEqualTo(before);
    }

    @Test
    void rejectionMessageNamesComponent() {
        Object doc = type.create(json("[{\"insert\":\"abc\\n\"}]"));

        assertThatThrownBy(() -> type.apply(doc, json("[{\"retain\":1},{\"delete\":-2}]")))
                .hasMessageContaining("component 1");
        assertThatThrownBy(() -> type.apply(doc, json("[{\"retain\":10},{\"insert\":\"Z\"}]")))
                .hasMessageContaining("component 0")
                .hasMessageContaining("past the end");
    }

    @Test
    void applySplittingSurrogatePairIsRejected() {
        Object doc = type.create(json("[{\"insert\":\"a😀b\\n\"}]"));

        assertThat(rejectionKind(() -> type.apply(doc, json("{\"ops\":[{\"retain\":1},{\"delete\":1}]}"))))
                .isEqualTo(OtException.Kind.NOT_APPLICABLE);
        assertThat(rejectionKind(() -> type.apply(doc, json("{\"ops\":[{\"retain\":2},{\"insert\":\"X\"}]}"))))
                .isEqualTo(OtException.Kind.NOT_APPLICABLE);
        assertThat(rejectionKind(() -> type.apply(doc,
                json("{\"ops\":[{\"retain\":2,\"attributes\":{\"bold\":true}}]}"))))
                .isEqualTo(OtException.Kind.NOT_APPLICABLE);
        assertThat(rejectionKind(() -> type.invert(json("{\"ops\":[{\"retain\":2},{\"delete\":1}]}"), doc)))
                .isEqualTo(OtException.Kind.NOT_APPLICABLE);
    }

    @Test
    void applyWholeSurrogatePairIsAccepted() {
        Object doc = type.create(json("[{\"insert\":\"a😀b\\n\"}]"));

        Object inserted = type.apply(doc, json("{\"ops\":[{\"retain\":3},{\"insert\":\"X\"}]}"));
        Object deleted = type.apply(doc, json("{\"ops\":[{\"retain\":1},{\"delete\":2}]}"));

        assertThat(text(inserted)).isEqualTo("{\"ops\":[{\"insert\":\"a😀Xb\\n\"}]}");
        assertThat(text(deleted)).isEqualTo("{\"ops\":[{\"insert\":\"ab\\n\"}]}");
    }

    @Test
    void composeSplittingInsertedSurrogatePairIsRejected() {
        Object first = json("{\"ops\":[{\"insert\":\"😀\"}]}");
        Object second = json("{\"ops\":[{\"retain\":1},{\"delete\":1}]}");

        assertThat(rejectionKind(() -> type.compose(first, second))).isEqualTo(OtException.Kind.NOT_APPLICABLE);
    }

    @Test
    void emojiDocumentRoundTrips() {
        String emoji = "😀".repeat(300);
        Object doc = type.create(json("[{\"insert\":\"\\n\"}]"));

        Object filled = type.apply(doc, List.of(Map.of("insert", emoji)));
        Object bolded = type.apply(filled, List.of(Map.of("retain", 600, "attributes", Map.of("bold", true))));
        Object reparsed = json(text(bolded));
        Object emptied = type.apply(reparsed, List.of(Map.of("delete", 600)));

        assertThat(text(filled)).isEqualTo(text(Map.of("ops", List.of(Map.of("insert", emoji + "\n")))));
        assertThat(reparsed).isEqualTo(json("{\"ops\":[{\"insert\":\"" + emoji
                + "\",\"attributes\":{\"bold\":true}},{\"insert\":\"\\n\"}]}"));
        assertThat(text(emptied)).isEqualTo("{\"ops\":[{\"insert\":\"\\n\"}]}");
        Object restored = type.apply(bolded, type.invert(
                List.of(Map.of("retain", 600, "attributes", Map.of("bold", true))), filled));
        assertThat(restored).isEqualTo(filled);
    }

    @Test
    void embedsCountAsOne() {
        Object doc = type.create(json("[{\"insert\":\"a\"},{\"insert\":{\"image\":\"x.png\"}},{\"insert\":\"b\\n\"}]"));

        Object result = type.apply(doc,
                json("{\"ops\":[{\"retain\":1},{\"retain\":1,\"attributes\":{\"width\":\"40\"}},{\"delete\":1}]}"));

        assertThat(result).isEqualTo(json("{\"ops\":[{\"insert\":\"a\"},"
                + "{\"insert\":{\"image\":\"x.png\"},\"attributes\":{\"width\":\"40\"}},{\"insert\":\"\\n\"}]}"));
    }

    @Test
    void invertRestoresDeletedFormattedText() {
        Object doc = type.create(json("[{\"insert\":\"ab\",\"attributes\":{\"italic\":true}},{\"insert\":\"cd\\n\"}]"));
        Object op = json("[{\"retain\":1},{\"delete\":2},{\"retain\":1,\"attributes\":{\"bold\":true}}]");

        Object inverse = type.invert(op, doc);

        assertThat(inverse).isEqualTo(json("{\"ops\":[{\"retain\":1},{\"insert\":\"b\",\"attributes\":{\"italic\":true}},"
                + "{\"insert\":\"c\"},{\"retain\":1,\"attributes\":{\"bold\":null}}]}"));
        assertThat(type.apply(type.apply(doc, op), inverse)).isEqualTo(doc);
    }

    @Test
    void transformPresenceOwnInsertPushesCursor() {
        Object op = json("{\"ops\":[{\"retain\":2},{\"insert\":\"xy\"}]}");
        Object range = json("{\"index\":2,\"length\":3}");

        assertThat(type.transformPresence(range, op, true)).isEqualTo(json("{\"index\":4,\"length\":3}"));
        assertThat(type.transformPresence(range, op, false)).isEqualTo(json("{\"index\":2,\"length\":5}"));
    }

    @Test
    void transformPresenceDeleteShrinksRange() {
        Object op = json("{\"ops\":[{\"retain\":1},{\"delete\":2}]}");

        Object moved = type.transformPresence(json("{\"index\":2,\"length\":3,\"color\":\"red\"}"), op, false);

        assertThat(moved).isEqualTo(json("{\"index\":1,\"length\":2,\"color\":\"red\"}"));
    }

    @Test
    void transformPresenceKeepsNullAndRejectsBadRanges() {
        Object op = json("[{\"insert\":\"x\"}]");

        assertThat(type.transformPresence(null, op, true)).isNull();
        assertThat(rejectionKind(() -> type.transformPresence(json("{\"index\":-1,\"length\":0}"), op, true)))
                .isEqualTo(OtException.Kind.BADLY_FORMED);
        assertThat(rejectionKind(() -> type.transformPresence(json("{\"index\":1}"), op, true)))
                .isEqualTo(OtException.Kind.BADLY_FORMED);
        assertThat(rejectionKind(() -> type.transformPresence(json("[1,2]"), op, true)))
                .isEqualTo(OtException.Kind.BADLY_FORMED);
    }

    @Test
    void normalizeMergesAndChops() {
        Object op = json("[{\"retain\":1},{\"retain\":2},{\"delete\":1},{\"insert\":\"a\",\"attributes\":{}},"
                + "{\"insert\":\"b\"},{\"retain\":3}]");

        Object normalized = type.normalize(op);

        assertThat(text(normalized)).isEqualTo("{\"ops\":[{\"retain\":3},{\"insert\":\"ab\"},{\"delete\":1}]}");
    }

    @Test
    void isNoopOnlyForPlainRetains() {
        assertThat(type.isNoop(json("{\"ops\":[]}"))).isTrue();
        assertThat(type.isNoop(json("[{\"retain\":3}]"))).isTrue();
        assertThat(type.isNoop(json("[{\"retain\":3,\"attributes\":{}}]"))).isTrue();
        assertThat(type.isNoop(json("[{\"retain\":3,\"attributes\":{\"bold\":true}}]"))).isFalse();
        assertThat(type.isNoop(json("[{\"delete\":1}]"))).isFalse();
    }

    @Test
    void resultsAreUnmodifiable() {
        Object doc = type.create(json("[{\"insert\":\"a\",\"attributes\":{\"bold\":true}}]"));

        @SuppressWarnings("unchecked")
        List<Object> ops = (List<Object>) ((Map<String, Object>) doc).get("ops");
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) ((Map<String, Object>) ops.get(0)).get("attributes");

        assertThatThrownBy(() -> ops.add(Map.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> attributes.put("bold", false)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void inputsAreNotMutatedOrShared() {
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) json("{\"bold\":true}");
        Object doc = type.create(List.of(Map.of("insert", "a", "attributes", attributes)));

        attributes.put("bold", false);

        assertThat(doc).isEqualTo(json("{\"ops\":[{\"insert\":\"a\",\"attributes\":{\"bold\":true}}]}"));
    }

    @Test
    void mergedCountAboveMaximumIsRejected() {
        long half = 1L << 52;
        List<Object> op = List.of(Map.of("retain", half), Map.of("retain", half), Map.of("retain", 1));

        assertThat(rejectionKind(() -> type.normalize(op))).isEqualTo(OtException.Kind.BADLY_FORMED);
    }
}
