package dev.tandem.perf.load;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses received protocol messages, parsing each committed op once per event-loop thread however
 * many of the generator's clients receive it, as a {@link ReceivedOp}. Every subscriber of a document gets the same op
 * message, so on a document with N subscribers the generator would otherwise parse each op N
 * times and spend the cores it shares with the server on that. Parsed messages are shared and must
 * not be modified.
 */
final class ReceivedMessages {

    /** Ops kept per thread: enough for every op in flight to every client at the rates measured. */
    private static final int CACHED_OPS = 4096;
    /** Longer messages are parsed each time; a typist's ops are far shorter. */
    private static final int MAX_CACHED_LENGTH = 2048;

    private static final ThreadLocal<Map<String, ReceivedOp>> OPS = ThreadLocal.withInitial(
            () -> new LinkedHashMap<>(CACHED_OPS * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ReceivedOp> eldest) {
                    return size() > CACHED_OPS;
                }
            });

    private ReceivedMessages() {
    }

    /** Parses {@code text}; throws as {@link JsonObject#JsonObject(String)} does. */
    static JsonObject parse(String text) {
        if (text.length() > MAX_CACHED_LENGTH || !text.contains("\"a\":\"op\"")) {
            return new JsonObject(text);
        }
        Map<String, ReceivedOp> ops = OPS.get();
        ReceivedOp message = ops.get(text);
        if (message == null) {
            message = new ReceivedOp(new JsonObject(text));
            ops.put(text, message);
        }
        return message;
    }
}
