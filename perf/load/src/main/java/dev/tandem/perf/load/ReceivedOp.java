package dev.tandem.perf.load;

import io.vertx.core.json.JsonObject;

/**
 * A committed op message as every subscriber of its document receives it, parsed once per
 * generator thread by {@link ReceivedMessages}. It remembers what each receiving client would
 * otherwise work out again from the JSON: its source, sequence number, version, length change and
 * when it was typed. Shared between clients, so read-only.
 */
final class ReceivedOp extends JsonObject {

    private static final long NOT_LOOKED_UP = Long.MIN_VALUE;

    final String src;
    final Long seq;
    final Long version;
    final boolean failed;
    final boolean hasOp;
    private TextType changeType;
    private int lengthChange;
    private long typedAtNanos = NOT_LOOKED_UP;

    ReceivedOp(JsonObject parsed) {
        super(parsed.getMap());
        Object source = parsed.getValue("src");
        src = source == null ? null : source.toString();
        seq = parsed.getValue("seq") instanceof Number number ? number.longValue() : null;
        version = parsed.getValue("v") instanceof Number number ? number.longValue() : null;
        failed = parsed.getValue("error") != null;
        hasOp = parsed.getValue("op") != null;
    }

    /** Computes, once per type, how much the op's {@code op} component changes the document's length; 0 without one. */
    int lengthChange(TextType type) {
        if (changeType != type) {
            lengthChange = hasOp ? type.lengthChange(getValue("op")) : 0;
            changeType = type;
        }
        return lengthChange;
    }

    /** When the op was typed in this process, or -1; see {@link SendTimes#typedAt}. */
    long typedAt(SendTimes sendTimes) {
        if (typedAtNanos == NOT_LOOKED_UP) {
            typedAtNanos = sendTimes.typedAt(String.valueOf(src), seq);
        }
        return typedAtNanos;
    }
}
