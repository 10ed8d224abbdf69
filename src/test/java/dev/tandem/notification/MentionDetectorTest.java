package dev.tandem.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ot.TextUnicodeType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MentionDetectorTest {

    private static final String TEXT = MentionDetector.TEXT_UNICODE;
    private static final String RICH = MentionDetector.RICH_TEXT;
    private final TextUnicodeType type = new TextUnicodeType();

    private static List<Object> op(Object... components) {
        return Arrays.asList(components);
    }

    /** Applies the op to {@code before} and returns the users it mentions. */
    private Set<String> mentionsOf(String before, List<Object> op) {
        Object after = type.apply(before, op);
        return MentionDetector.mentions(TEXT, op, before, after);
    }

    /** Types {@code typed} one character at a time at {@code position} and collects every op's mentions. */
    private List<Set<String>> typeCharByChar(String document, int position, String typed) {
        List<Set<String>> perOp = new ArrayList<>();
        String current = document;
        for (int i = 0; i < typed.length(); i++) {
            List<Object> op = position + i == 0 ? op(typed.substring(i, i + 1))
                    : op(position + i, typed.substring(i, i + 1));
            perOp.add(mentionsOf(current, op));
            current = (String) type.apply(current, op);
        }
        return perOp;
    }

    @Test
    void textTypedCharByCharCountsOnce() {
        List<Set<String>> perOp = typeCharByChar("Hi ", 3, "@alice thanks");

        List<Set<String>> nonEmpty = perOp.stream().filter(s -> !s.isEmpty()).toList();
        assertThat(nonEmpty).containsExactly(Set.of("alice"));
        assertThat(perOp.get(6)).containsExactly("alice");
    }

    @Test
    void textTypedBeforeSpaceWaitsForOwnEnd() {
        List<Set<String>> perOp = typeCharByChar("Hello  world", 6, "@bob,");

        assertThat(perOp.subList(0, 4)).allMatch(Set::isEmpty);
        assertThat(perOp.get(4)).containsExactly("bob");
    }

    @Test
    void textAtDocumentEndWaits() {
        assertThat(mentionsOf("Hi ", op(3, "@carol"))).isEmpty();
        assertThat(mentionsOf("Hi @carol", op(9, "\n"))).containsExactly("carol");
    }

    @Test
    void textPasteMentionsEveryCompletedUserOnce() {
        Set<String> users = mentionsOf("", op("cc @dave and @erin.smith, @dave. Bye"));

        assertThat(users).containsExactly("dave", "erin.smith");
    }

    @Test
    void textTrailingDotIsPunctuation() {
        assertThat(mentionsOf("Ask @frank.", op(11, " "))).containsExactly("frank");
    }

    @Test
    void textEmailAddressIsNoMention() {
        assertThat(mentionsOf("", op("mail bob@example.com today"))).isEmpty();
        assertThat(mentionsOf("", op("an @ sign, @@, @. and @- "))).isEmpty();
    }

    @Test
    void textReplacedEndNotCountedAgain() {
        assertThat(mentionsOf("@gina bob", op(5, ",", Map.of("d", 1)))).isEmpty();
        assertThat(mentionsOf("@gina bob", op(5, Map.of("d", 1), ","))).isEmpty();
        assertThat(mentionsOf("@gina bob", op(9, " more text"))).isEmpty();
    }

    @Test
    void textRetypedMentionCountsAgain() {
        assertThat(mentionsOf("x @gina y", op(2, Map.of("d", 6), "@gina "))).containsExactly("gina");
    }

    @Test
    void textDeleteAloneMentionsNobody() {
        assertThat(mentionsOf("@hankx ok", op(5, Map.of("d", 1)))).isEmpty();
    }

    @Test
    void textPositionsCountCodePoints() {
        String before = "😀 @ivy";

        assertThat(mentionsOf(before, op(6, "!"))).containsExactly("ivy");
    }

    @Test
    void textMentionsPerOpAreCapped() {
        StringBuilder paste = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            paste.append("@user").append(i).append(' ');
        }

        assertThat(mentionsOf("", op(paste.toString()))).hasSize(MentionDetector.MAX_MENTIONS_PER_OP);
    }

    @Test
    void richTextEmbedMentionCounts() {
        Object delta = List.of(Map.of("retain", 4),
                Map.of("insert", Map.of("mention", Map.of("index", "0", "denotationChar", "@", "id", "jane",
                        "value", "Jane"))),
                Map.of("insert", " "));

        assertThat(MentionDetector.mentions(RICH, delta, null, null)).containsExactly("jane");
        assertThat(MentionDetector.mentions(RICH, Map.of("ops", delta), null, null)).containsExactly("jane");
    }

    @Test
    void richTextOtherInsertsMentionNobody() {
        Object delta = List.of(Map.of("insert", "@kim "), Map.of("insert", Map.of("image", "x.png")),
                Map.of("insert", Map.of("mention", Map.of("value", "no id"))));

        assertThat(MentionDetector.mentions(RICH, delta, null, null)).isEmpty();
    }

    @Test
    void json0MentionsNobody() {
        Object op = List.of(Map.of("p", List.of("text", 0), "si", "@lee "));

        assertThat(MentionDetector.mentions("http://sharejs.org/types/JSONv0", op, Map.of(), Map.of())).isEmpty();
    }
}
