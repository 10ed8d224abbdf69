package dev.tandem.ot;

/**
 * One component of a text-unicode op: a skip, an insert or a delete.
 *
 * <p>{@code length} is in Unicode code points. {@code text} is the inserted text for an insert, the
 * deleted text for a delete given as text, and {@code null} for a skip or a delete given as a count.
 */
final class TextComponent {

    enum Kind { SKIP, INSERT, DELETE }

    final Kind kind;
    final long length;
    final String text;

    private TextComponent(Kind kind, long length, String text) {
        this.kind = kind;
        this.length = length;
        this.text = text;
    }

    static TextComponent skip(long length) {
        return new TextComponent(Kind.SKIP, length, null);
    }

    static TextComponent insert(String text, long codePoints) {
        return new TextComponent(Kind.INSERT, codePoints, text);
    }

    static TextComponent deleteCount(long length) {
        return new TextComponent(Kind.DELETE, length, null);
    }

    static TextComponent deleteText(String text, long codePoints) {
        return new TextComponent(Kind.DELETE, codePoints, text);
    }
}
