package dev.tandem.store;

/** The three kinds of ShareDB op: each adds one to the document version. */
public enum OpKind {
    CREATE("create"),
    EDIT("op"),
    DELETE("del");

    private final String wireName;

    OpKind(String wireName) {
        this.wireName = wireName;
    }

    /** The field of a ShareDB op message that carries this kind ({@code create}, {@code op}, {@code del}). */
    public String wireName() {
        return wireName;
    }

    public static OpKind fromWireName(String name) {
        for (OpKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown op kind: " + name);
    }
}
