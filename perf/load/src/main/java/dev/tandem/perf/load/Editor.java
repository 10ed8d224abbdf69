package dev.tandem.perf.load;

import io.vertx.core.Context;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One person in a document: subscribed to it, optionally typing and optionally sharing a cursor.
 *
 * <p>Typing is open loop: keystroke times follow a Poisson process at the configured rate, fixed in
 * advance and independent of the server, so a slow server shows as latency instead of a lower
 * offered rate. Like the npm client, an editor keeps one op in flight and composes the keystrokes
 * typed meanwhile into the next op. Latencies start at the op's first keystroke, so the time an op
 * waited behind the one in flight counts.
 *
 * <p>The editor tracks the document's version and length from the ops it receives, in version
 * order, which is all it needs to build valid ops. Everything runs on one event-loop context.
 */
public final class Editor implements ShareDbSocket.Listener {

    /** One backspace in this many keystrokes; one space in {@link #SPACE_EVERY} characters. */
    private static final int BACKSPACE_EVERY = 20;
    private static final int SPACE_EVERY = 6;

    private final Context context;
    private final Metrics metrics;
    private final SendTimes sendTimes;
    private final String collection;
    private final String docId;
    private final TextType type;
    private final double keystrokesPerSecond;
    private final long presenceEveryMillis;
    private final SplittableRandom random;
    private ShareDbSocket socket;

    private boolean subscribed;
    private long version = -1;
    private int length;
    /** Length changes of ops that arrived ahead of a missing one, by version. */
    private final TreeMap<Long, Integer> ahead = new TreeMap<>();

    private long seq;
    private int cursor;
    private int pendingDelete;
    private final StringBuilder pendingInsert = new StringBuilder();
    private volatile long pendingSince = -1;
    private volatile InFlight inFlight;
    private long nextKeystrokeNanos;
    private long typingTimer = -1;
    private long presenceTimer = -1;
    private long presenceVersion;
    private boolean stopped;

    private long catchUpTarget = -1;
    private long catchUpStartedNanos;
    private Runnable caughtUp;

    private record InFlight(String src, long seq, JsonArray op, int lengthChange, long typedNanos) {
    }

    public Editor(Context context, Metrics metrics, SendTimes sendTimes, String collection, String docId,
            TextType type, double keystrokesPerSecond, long presenceEveryMillis, long seed) {
        this.context = context;
        this.metrics = metrics;
        this.sendTimes = sendTimes;
        this.collection = collection;
        this.docId = docId;
        this.type = type;
        this.keystrokesPerSecond = keystrokesPerSecond;
        this.presenceEveryMillis = presenceEveryMillis;
        this.random = new SplittableRandom(seed);
    }

    /** Attaches the connection; call before it opens. */
    public void attach(ShareDbSocket socket) {
        this.socket = socket;
    }

    /** The event-loop context this editor and its connection live on. */
    public Context context() {
        return context;
    }

    public ShareDbSocket socket() {
        return socket;
    }

    public String docId() {
        return docId;
    }

    public long version() {
        return version;
    }

    public boolean subscribed() {
        return subscribed;
    }

    @Override
    public void ready(boolean again) {
        subscribed = false;
        JsonObject subscribe = new JsonObject().put("a", "s").put("c", collection).put("d", docId);
        if (again && version >= 0) {
            // Asks only for the ops since the version this editor has, as the npm client does.
            subscribe.put("v", version);
        }
        socket.send(subscribe);
    }

    @Override
    public void lost() {
        subscribed = false;
        ahead.clear();
    }

    @Override
    public void message(JsonObject message) {
        switch (String.valueOf(message.getString("a"))) {
            case "s" -> onSubscribed(message);
            case "op" -> onOp(message);
            case "p" -> metrics.presenceReceived.increment();
            case "pr" -> sendPresence();
            default -> {
            }
        }
    }

    private void onSubscribed(JsonObject message) {
        if (message.getValue("error") != null) {
            metrics.error("subscribe: " + ShareDbSocket.errorCode(message));
            context.owner().setTimer(1000, id -> context.runOnContext(v -> ready(version >= 0)));
            return;
        }
        JsonObject snapshot = message.getJsonObject("data");
        if (snapshot != null && snapshot.getValue("v") != null) {
            version = snapshot.getLong("v");
            length = type.length(snapshot.getValue("data"));
            ahead.headMap(version).clear();
            drainAhead();
        }
        subscribed = true;
        if (inFlight != null) {
            // The reconnected server either committed it already (and deduplicates the resend) or not.
            send(inFlight);
        }
        if (presenceEveryMillis > 0 && presenceTimer < 0) {
            socket.send(new JsonObject().put("a", "ps").put("ch", channel()).put("seq", 1));
            presenceTimer = context.owner().setPeriodic(presenceEveryMillis, id -> sendPresence());
        }
        checkCaughtUp();
        flush();
    }

    private void onOp(JsonObject message) {
        ReceivedOp op = message instanceof ReceivedOp received ? received : new ReceivedOp(message);
        boolean mine = inFlight != null && inFlight.src.equals(op.src) && Long.valueOf(inFlight.seq).equals(op.seq);
        if (op.failed) {
            String code = ShareDbSocket.errorCode(op);
            if (mine && "ERR_OP_ALREADY_SUBMITTED".equals(code)) {
                return;
            }
            metrics.error("op: " + code);
            if (mine) {
                // The server rejected the op: start again from a fresh snapshot, as the npm client would.
                inFlight = null;
                socket.send(new JsonObject().put("a", "u").put("c", collection).put("d", docId));
                subscribed = false;
                version = -1;
                ready(false);
            }
            return;
        }
        if (op.version == null) {
            return;
        }
        long v = op.version;
        if (mine) {
            InFlight acked = inFlight;
            inFlight = null;
            metrics.ack(acked.typedNanos, System.nanoTime());
            if (metrics.recordAcks) {
                metrics.acked.add(acked.src + ":" + acked.seq);
            }
            apply(v, acked.lengthChange);
            flush();
            return;
        }
        if (!String.valueOf(op.src).equals(socket.src())) {
            long typed = op.typedAt(sendTimes);
            if (typed >= 0) {
                metrics.remote(System.nanoTime() - typed);
            }
            metrics.remoteOps.increment();
        }
        int change;
        if (op.hasOp) {
            change = op.lengthChange(type);
        } else if (op.getValue("create") instanceof JsonObject create) {
            change = type.length(create.getValue("data")) - length;
        } else {
            change = 0;
        }
        apply(v, change);
    }

    private void apply(long v, int change) {
        if (version < 0 || v < version) {
            return;
        }
        if (v > version) {
            ahead.put(v, change);
            return;
        }
        length += change;
        version++;
        drainAhead();
        checkCaughtUp();
    }

    private void drainAhead() {
        while (!ahead.isEmpty() && ahead.firstKey() == version) {
            length += ahead.pollFirstEntry().getValue();
            version++;
        }
    }

    // --- typing ---

    /** Starts typing now, if this editor types at all. */
    public void startTyping() {
        if (keystrokesPerSecond <= 0) {
            return;
        }
        nextKeystrokeNanos = System.nanoTime() + gapNanos();
        scheduleKeystroke();
    }

    private long gapNanos() {
        // Exponential gaps: a Poisson process, which gives bursts and pauses at the mean rate.
        return (long) (-Math.log(1 - random.nextDouble()) / keystrokesPerSecond * 1e9);
    }

    private void scheduleKeystroke() {
        long delayMillis = Math.max(1, (nextKeystrokeNanos - System.nanoTime()) / 1_000_000);
        typingTimer = context.owner().setTimer(delayMillis, id -> context.runOnContext(v -> keystrokesDue()));
    }

    private void keystrokesDue() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        while (nextKeystrokeNanos <= now) {
            keystroke(nextKeystrokeNanos);
            nextKeystrokeNanos += gapNanos();
        }
        flush();
        scheduleKeystroke();
    }

    private void keystroke(long at) {
        metrics.keystrokes.increment();
        if (pendingSince < 0) {
            pendingSince = at;
        }
        if (random.nextInt(BACKSPACE_EVERY) == 0) {
            if (pendingInsert.length() > 0) {
                pendingInsert.setLength(pendingInsert.length() - 1);
            } else {
                pendingDelete++;
            }
        } else {
            pendingInsert.append(random.nextInt(SPACE_EVERY) == 0 ? ' ' : (char) ('a' + random.nextInt(26)));
        }
    }

    private void flush() {
        if (pendingSince < 0 || inFlight != null || !subscribed || !socket.ready() || !ahead.isEmpty()) {
            return;
        }
        cursor = Math.min(cursor, length);
        int delete = Math.min(pendingDelete, cursor);
        int retain = cursor - delete;
        String insert = pendingInsert.toString();
        long typed = pendingSince;
        pendingDelete = 0;
        pendingInsert.setLength(0);
        pendingSince = -1;
        if (delete == 0 && insert.isEmpty()) {
            return;
        }
        cursor = retain + insert.length();
        inFlight = new InFlight(socket.src(), ++seq, type.edit(retain, delete, insert), insert.length() - delete, typed);
        sendTimes.typed(inFlight.src, inFlight.seq, typed);
        send(inFlight);
    }

    private void send(InFlight op) {
        metrics.opsSent.increment();
        socket.send(new JsonObject().put("a", "op").put("c", collection).put("d", docId).put("v", version)
                .put("src", op.src).put("seq", op.seq).put("op", op.op));
    }

    // --- presence ---

    private String channel() {
        return collection + "." + docId;
    }

    private void sendPresence() {
        if (presenceEveryMillis <= 0 || !subscribed || version < 0) {
            return;
        }
        metrics.presenceSent.increment();
        socket.send(new JsonObject().put("a", "p").put("ch", channel()).put("id", socket.src() + "-cursor")
                .put("p", new JsonObject().put("index", Math.min(cursor, length)).put("length", 0))
                .put("pv", presenceVersion++).put("c", collection).put("d", docId).put("v", version)
                .put("t", type.uri));
    }

    // --- reconnect storms ---

    /** Calls {@code done} with the wait in nanoseconds once this editor has seen version {@code target}. */
    public void whenCaughtUp(long target, java.util.function.LongConsumer done) {
        catchUpTarget = target;
        catchUpStartedNanos = System.nanoTime();
        caughtUp = () -> done.accept(System.nanoTime() - catchUpStartedNanos);
        checkCaughtUp();
    }

    private void checkCaughtUp() {
        if (caughtUp != null && subscribed && version >= catchUpTarget) {
            Runnable done = caughtUp;
            caughtUp = null;
            done.run();
        }
    }

    /** Stops typing; what was typed is still sent. */
    public void stopTyping() {
        stopped = true;
        if (typingTimer >= 0) {
            context.owner().cancelTimer(typingTimer);
        }
        flush();
    }

    /** True when every keystroke typed is acknowledged. */
    public boolean settled() {
        return inFlight == null && pendingSince < 0;
    }

    public void stop() {
        stopped = true;
        if (typingTimer >= 0) {
            context.owner().cancelTimer(typingTimer);
        }
        if (presenceTimer >= 0) {
            context.owner().cancelTimer(presenceTimer);
        }
        socket.close();
    }
}
