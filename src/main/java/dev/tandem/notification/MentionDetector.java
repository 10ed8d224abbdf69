package dev.tandem.notification;

import dev.tandem.auth.UserIds;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the users that one committed op mentions. Pure: no I/O, no clock.
 *
 * <p>rich-text: each inserted embed {@code {"mention": {"id": USER, ...}}}, the shape that the
 * quill-mention module inserts.
 *
 * <p>text-unicode: {@code @USER} where USER is one or more of {@code [A-Za-z0-9._-]}, the {@code @}
 * starts the text or follows a character outside that set, and a character outside that set
 * follows USER. A trailing {@code .} or {@code -} is punctuation, not part of USER. A mention counts
 * when the op inserts the character that ends it, so typing {@code @alice} one character at a time
 * mentions nobody until the space or punctuation after it, and typing {@code @al} in front of an
 * existing space mentions nobody until a character is typed right after it. Replacing the
 * character that ends a complete mention, such as the space of {@code @gina bob} by a comma, does
 * not count it again. Consequences: a mention at the very end of the document waits for the
 * character after it; a mention completed by a delete (removing the {@code x} of
 * {@code @alicex }) or pasted without the character after it is missed; and inserting a character
 * right after an existing mention ({@code @gina} to {@code @gina!}) counts it again, because the
 * text alone cannot tell that from a mention typed in front of an existing space.
 */
public final class MentionDetector {

    /** The text-unicode type URI; its snapshots are strings and its positions count code points. */
    static final String TEXT_UNICODE = "http://sharejs.org/types/text-unicode";
    static final String RICH_TEXT = "http://sharejs.org/types/rich-text/v1";
    /** Distinct users one op may mention; more are ignored, so that a paste cannot write thousands of inbox rows. */
    public static final int MAX_MENTIONS_PER_OP = 20;

    private MentionDetector() {
    }

    /**
     * Returns the users that the op mentions, in order of appearance, at most
     * {@link #MAX_MENTIONS_PER_OP}. Types without mentions, and ops whose shape is not what their
     * type expects, mention nobody.
     *
     * @param before the snapshot data before the op
     * @param after the snapshot data after the op
     */
    public static Set<String> mentions(String typeUri, Object op, Object before, Object after) {
        if (RICH_TEXT.equals(typeUri)) {
            return embedMentions(op);
        }
        if (TEXT_UNICODE.equals(typeUri) && before instanceof String beforeText && after instanceof String afterText
                && op instanceof List<?> components) {
            return textMentions(beforeText, afterText, components);
        }
        return Set.of();
    }

    static Set<String> embedMentions(Object op) {
        List<?> components = op instanceof Map<?, ?> delta && delta.get("ops") instanceof List<?> list ? list
                : op instanceof List<?> list ? list : List.of();
        Set<String> users = new LinkedHashSet<>();
        for (Object component : components) {
            if (component instanceof Map<?, ?> map && map.get("insert") instanceof Map<?, ?> embed
                    && embed.get("mention") instanceof Map<?, ?> mention && mention.get("id") instanceof String id
                    && !id.isEmpty() && users.size() < MAX_MENTIONS_PER_OP) {
                users.add(id);
            }
        }
        return users;
    }

    /** A run of the document that the op kept: {@code length} chars at {@code afterStart}, from {@code beforeStart}. */
    private record KeptRun(int afterStart, int beforeStart, int length) {
    }

    /** An inserted range {@code [start, end)} of the document after the op, in UTF-16 indices. */
    private record InsertedRange(int start, int end) {
    }

    static Set<String> textMentions(String before, String after, List<?> op) {
        if (!insertsMentionEnd(op)) {
            // A typed letter cannot end a mention, and walking the op costs time in proportion to
            // the document, so such an op skips the walk.
            return Set.of();
        }
        List<KeptRun> kept = new ArrayList<>();
        List<InsertedRange> inserted = new ArrayList<>();
        if (!walk(before, op, kept, inserted)) {
            return Set.of();
        }
        Set<String> users = new LinkedHashSet<>();
        for (InsertedRange range : inserted) {
            for (int end = range.start(); end < range.end() && users.size() < MAX_MENTIONS_PER_OP; end++) {
                if (isIdChar(after.charAt(end))) {
                    continue;
                }
                // The op inserted a character that can end a mention; look for one ending right before it.
                int at = mentionStart(after, end);
                if (at < 0) {
                    continue;
                }
                String id = trimPunctuation(after.substring(at + 1, end));
                if (!id.isEmpty() && !replacedEndOfCompleteMention(before, kept, at, at + 1 + id.length())) {
                    users.add(id);
                }
            }
        }
        return users;
    }

    private static boolean insertsMentionEnd(List<?> op) {
        for (Object component : op) {
            if (component instanceof String text) {
                for (int i = 0; i < text.length(); i++) {
                    if (!isIdChar(text.charAt(i))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Splits the document after the op into kept runs and inserted ranges. Returns false when the op
     * does not fit the document, which a committed op always does.
     */
    private static boolean walk(String before, List<?> op, List<KeptRun> kept, List<InsertedRange> inserted) {
        int beforeIndex = 0;
        int afterIndex = 0;
        try {
            for (Object component : op) {
                if (component instanceof Number skip) {
                    int next = before.offsetByCodePoints(beforeIndex, (int) skip.longValue());
                    kept.add(new KeptRun(afterIndex, beforeIndex, next - beforeIndex));
                    afterIndex += next - beforeIndex;
                    beforeIndex = next;
                } else if (component instanceof String text) {
                    inserted.add(new InsertedRange(afterIndex, afterIndex + text.length()));
                    afterIndex += text.length();
                } else if (component instanceof Map<?, ?> delete && delete.get("d") instanceof Number count) {
                    beforeIndex = before.offsetByCodePoints(beforeIndex, (int) count.longValue());
                } else if (component instanceof Map<?, ?> delete && delete.get("d") instanceof String text) {
                    beforeIndex += text.length();
                } else {
                    return false;
                }
            }
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
        kept.add(new KeptRun(afterIndex, beforeIndex, before.length() - beforeIndex));
        return true;
    }

    /** Returns the index of the {@code @} of a mention whose id ends at {@code end}, or -1. */
    private static int mentionStart(String text, int end) {
        int i = end - 1;
        int limit = Math.max(0, end - 1 - UserIds.MAX_LENGTH);
        while (i >= limit && isIdChar(text.charAt(i))) {
            i--;
        }
        if (i < 0 || i == end - 1 || text.charAt(i) != '@') {
            return -1;
        }
        boolean atWordStart = i == 0 || !isIdChar(text.charAt(i - 1));
        return atWordStart ? i : -1;
    }

    /**
     * Returns whether the op only replaced the character after a mention that was already complete,
     * such as the space of {@code @gina bob} by a comma: {@code [at, end)} is kept unchanged, it was
     * a complete mention before the op, and the op deleted the character that ended it.
     */
    private static boolean replacedEndOfCompleteMention(String before, List<KeptRun> kept, int at, int end) {
        for (KeptRun run : kept) {
            if (at >= run.afterStart() && end <= run.afterStart() + run.length()) {
                int beforeAt = run.beforeStart() + (at - run.afterStart());
                int beforeEnd = beforeAt + (end - at);
                boolean wasComplete = mentionStart(before, beforeEnd) == beforeAt
                        && trimmedEndsAt(before, beforeAt, beforeEnd);
                return wasComplete && !isKept(kept, beforeEnd);
            }
        }
        return false;
    }

    private static boolean isKept(List<KeptRun> kept, int beforeIndex) {
        for (KeptRun run : kept) {
            if (beforeIndex >= run.beforeStart() && beforeIndex < run.beforeStart() + run.length()) {
                return true;
            }
        }
        return false;
    }

    /** True when the id chars after the {@code @} at {@code at} end at {@code end} once punctuation is trimmed. */
    private static boolean trimmedEndsAt(String text, int at, int end) {
        int runEnd = end;
        while (runEnd < text.length() && isIdChar(text.charAt(runEnd))) {
            runEnd++;
        }
        return runEnd < text.length() && trimPunctuation(text.substring(at + 1, runEnd)).length() == end - at - 1;
    }

    private static String trimPunctuation(String id) {
        int end = id.length();
        while (end > 0 && (id.charAt(end - 1) == '.' || id.charAt(end - 1) == '-')) {
            end--;
        }
        return id.substring(0, end);
    }

    static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                || c == '-';
    }
}
