package dev.tandem.perf.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The two text types the generator types into, with what it needs of each: the op for one batch
 * of keystrokes and the change of document length an op causes. Typed text is ASCII, so UTF-16
 * code units (rich-text) and code points (text-unicode) count alike.
 */
public enum TextType {
    TEXT_UNICODE("http://sharejs.org/types/text-unicode", "text-unicode") {
        @Override
        Object newDocument() {
            return "\n";
        }

        @Override
        JsonArray edit(int retain, int delete, String insert) {
            JsonArray op = new JsonArray();
            if (retain > 0) {
                op.add(retain);
            }
            if (delete > 0) {
                op.add(new JsonObject().put("d", delete));
            }
            if (!insert.isEmpty()) {
                op.add(insert);
            }
            return op;
        }

        @Override
        int lengthChange(Object op) {
            int change = 0;
            for (Object component : (JsonArray) op) {
                if (component instanceof String inserted) {
                    change += inserted.codePointCount(0, inserted.length());
                } else if (component instanceof JsonObject deleted) {
                    Object d = deleted.getValue("d");
                    change -= d instanceof String text ? text.codePointCount(0, text.length()) : ((Number) d).intValue();
                }
            }
            return change;
        }
    },
    RICH_TEXT("http://sharejs.org/types/rich-text/v1", "rich-text") {
        @Override
        Object newDocument() {
            return new JsonArray().add(new JsonObject().put("insert", "\n"));
        }

        @Override
        JsonArray edit(int retain, int delete, String insert) {
            JsonArray op = new JsonArray();
            if (retain > 0) {
                op.add(new JsonObject().put("retain", retain));
            }
            if (delete > 0) {
                op.add(new JsonObject().put("delete", delete));
            }
            if (!insert.isEmpty()) {
                op.add(new JsonObject().put("insert", insert));
            }
            return op;
        }

        @Override
        int lengthChange(Object op) {
            int change = 0;
            for (Object component : (JsonArray) op) {
                JsonObject c = (JsonObject) component;
                Object insert = c.getValue("insert");
                if (insert instanceof String text) {
                    change += text.length();
                } else if (insert != null) {
                    change += 1;
                }
                change -= c.getInteger("delete", 0);
            }
            return change;
        }
    };

    /** The URI servers report in snapshots. */
    public final String uri;
    /** The name a create message uses. */
    public final String shortName;

    TextType(String uri, String shortName) {
        this.uri = uri;
        this.shortName = shortName;
    }

    /**
     * The data of a new document: one line break, as Quill starts a document. Not empty, because
     * sharedb-postgres 5.0.1 reads an empty text snapshot back as missing data and then rejects
     * every op on it.
     */
    abstract Object newDocument();

    /** An op that keeps {@code retain} characters, deletes {@code delete} and then inserts {@code insert}. */
    abstract JsonArray edit(int retain, int delete, String insert);

    /** How much an op of this type changes the document's length. */
    abstract int lengthChange(Object op);

    /** The length of a snapshot's data. */
    int length(Object data) {
        if (data == null) {
            return 0;
        }
        if (data instanceof String text) {
            return text.codePointCount(0, text.length());
        }
        return lengthChange(data);
    }

    static TextType named(String name) {
        for (TextType type : values()) {
            if (type.shortName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown type " + name + "; expected text-unicode or rich-text");
    }
}
