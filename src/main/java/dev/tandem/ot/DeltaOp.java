package dev.tandem.ot;

import java.util.LinkedHashMap;

/**
 * One component of a rich-text Delta: an insert of text or of an embed, a retain or a delete.
 *
 * <p>Lengths are in UTF-16 code units, as in Quill: a text insert is as long as its string, an embed
 * is 1. {@code attributes} is null when the component has none. Inside it a null value means "remove
 * this attribute". All maps are frozen, so components can be shared between deltas.
 */
final class DeltaOp {

    enum Kind { INSERT, RETAIN, DELETE }

    /** Length that stands for JavaScript's Infinity, which the reference iterator returns past the end. */
    static final long INFINITY = Long.MAX_VALUE;

    final Kind kind;
    /** Inserted text, or null for an embed, a retain or a delete. */
    final String text;
    /** Inserted embed object with exactly one key, or null. */
    final FrozenJson.FrozenMap embed;
    /** Retain or delete count, unused for inserts. */
    final long count;
    final FrozenJson.FrozenMap attributes;
    /** Whether some attribute value is null, which a snapshot must not contain. */
    final boolean hasNullAttribute;
    /** JSON form, built on first use or taken from the parsed input. */
    private FrozenJson.FrozenMap json;

    private DeltaOp(Kind kind, String text, FrozenJson.FrozenMap embed, long count,
            FrozenJson.FrozenMap attributes) {
        this.kind = kind;
        this.text = text;
        this.embed = embed;
        this.count = count;
        this.attributes = attributes;
        this.hasNullAttribute = attributes != null && attributes.containsValue(null);
    }

    static DeltaOp insertText(String text, FrozenJson.FrozenMap attributes) {
        return new DeltaOp(Kind.INSERT, text, null, 0, attributes);
    }

    static DeltaOp insertEmbed(FrozenJson.FrozenMap embed, FrozenJson.FrozenMap attributes) {
        return new DeltaOp(Kind.INSERT, null, embed, 0, attributes);
    }

    static DeltaOp retain(long count, FrozenJson.FrozenMap attributes) {
        return new DeltaOp(Kind.RETAIN, null, null, count, attributes);
    }

    static DeltaOp delete(long count) {
        return new DeltaOp(Kind.DELETE, null, null, count, null);
    }

    /** Returns a component like this one with other attributes (an insert or a retain). */
    DeltaOp withAttributes(FrozenJson.FrozenMap newAttributes) {
        return new DeltaOp(kind, text, embed, count, newAttributes);
    }

    long length() {
        if (kind != Kind.INSERT) {
            return count;
        }
        return text != null ? text.length() : 1;
    }

    boolean isInsert() {
        return kind == Kind.INSERT;
    }

    boolean isTextInsert() {
        return text != null;
    }

    /** Records the JSON this component was parsed from, so output can reuse it. */
    void rememberJson(FrozenJson.FrozenMap source) {
        json = source;
    }

    FrozenJson.FrozenMap toJson() {
        FrozenJson.FrozenMap result = json;
        if (result == null) {
            LinkedHashMap<String, Object> entries = new LinkedHashMap<>(4);
            switch (kind) {
                case INSERT -> entries.put("insert", text != null ? text : embed);
                case RETAIN -> entries.put("retain", TextOpBuilder.toJsonNumber(count));
                case DELETE -> entries.put("delete", TextOpBuilder.toJsonNumber(count));
            }
            if (attributes != null) {
                entries.put("attributes", attributes);
            }
            result = FrozenJson.ownMap(entries);
            result.parsed = this;
            json = result;
        }
        return result;
    }

    @Override
    public String toString() {
        return String.valueOf(toJson());
    }

}
