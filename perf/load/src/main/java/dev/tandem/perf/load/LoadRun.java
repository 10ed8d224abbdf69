package dev.tandem.perf.load;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * What a scenario works with: the event loops its clients live on, the shared metrics, the
 * progress line and the report. Scenarios run on the main thread and block it between phases;
 * clients never block their event loops.
 */
public final class LoadRun implements AutoCloseable {

    /** Maximum length of a run: the generator's watchdog ends the process after it, whatever the options. */
    public static final long MAX_RUN_SECONDS = 3600;

    public final LoadOptions options;
    public final Metrics metrics = new Metrics(MAX_RUN_SECONDS);
    public final SendTimes sendTimes = new SendTimes();
    public final Endpoints endpoints;
    public final ServerProbe server;
    public final TextType type;
    public final String collection;
    public final Report report;
    private final Vertx vertx;
    private final List<Context> loops = new ArrayList<>();
    private final WebSocketClient client;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "progress");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Editor> editors = new CopyOnWriteArrayList<>();
    private final long seed;
    private int nextLoop;
    private int nextEndpoint;
    private volatile String phase = "setup";
    private long phaseStartMillis;
    private long phaseKeystrokes;
    private long phaseAcks;
    private long phaseOpsSent;
    private long phaseRemote;
    private double phaseOwnCpu;
    private double phaseServerCpu;
    private double lastOwnCpu = ServerProbe.ownCpuSeconds();
    private double lastServerCpu;
    private long lastAcks;
    private long lastKeystrokes;

    public LoadRun(LoadOptions options) throws InterruptedException {
        this.options = options;
        this.endpoints = new Endpoints(options.urls());
        this.server = ServerProbe.of(options.string("server-pid", ""));
        this.type = TextType.named(options.string("type", "text-unicode"));
        this.seed = options.integer("seed", 1);
        this.collection = options.string("collection", "load");
        this.report = new Report(options);
        int loopCount = options.integer("event-loops", Runtime.getRuntime().availableProcessors());
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loopCount));
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(Integer.MAX_VALUE)
                .setMaxFrameSize(16 * 1024 * 1024)
                .setMaxMessageSize(64 * 1024 * 1024)
                .setConnectTimeout(10_000)
                .setTryUsePerMessageCompression(false));
        CountDownLatch deployed = new CountDownLatch(loopCount);
        for (int i = 0; i < loopCount; i++) {
            // One verticle per event loop gives each client a fixed loop, so it needs no locks.
            vertx.deployVerticle(new AbstractVerticle() {
                @Override
                public void start() {
                    synchronized (loops) {
                        loops.add(context);
                    }
                    deployed.countDown();
                }
            }, new DeploymentOptions());
        }
        if (!deployed.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the event loops did not start");
        }
        lastServerCpu = server.cpuSeconds();
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        ticker.scheduleAtFixedRate(sendTimes::dropOld, 5, 5, TimeUnit.SECONDS);
    }

    /** Creates an editor of {@code docId} and opens its connection. */
    public Editor editor(String docId, double keystrokesPerSecond, long presenceEveryMillis) {
        Context loop;
        int endpoint;
        synchronized (this) {
            loop = loops.get(nextLoop++ % loops.size());
            endpoint = nextEndpoint++;
        }
        int number = editors.size();
        Editor editor = new Editor(loop, metrics, sendTimes, collection, docId, type, keystrokesPerSecond,
                presenceEveryMillis, seed * 1_000_003L + number);
        ShareDbSocket socket = new ShareDbSocket(loop, client, endpoints, endpoint, "load-" + number, metrics, editor);
        editor.attach(socket);
        editors.add(editor);
        loop.runOnContext(v -> socket.open());
        return editor;
    }

    /** Creates the documents through one connection, at most 64 at a time. */
    public void createDocuments(List<String> docIds) throws InterruptedException {
        DocumentCreator creator = new DocumentCreator(loops.get(0), client, endpoints, metrics, collection, type, docIds);
        loops.get(0).runOnContext(v -> creator.start());
        if (!creator.await(TimeUnit.MINUTES.toMillis(5))) {
            throw new IllegalStateException("documents were not created in time: " + creator.remaining() + " left");
        }
        if (creator.failed() > 0) {
            throw new IllegalStateException(creator.failed() + " documents could not be created; see the errors");
        }
    }

    /** Waits until {@code condition} holds, printing progress, or fails after {@code seconds}. */
    public void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    public static boolean allSubscribed(List<Editor> editors) {
        return editors.stream().allMatch(Editor::subscribed);
    }

    public void startTyping(List<Editor> editors) {
        for (Editor editor : editors) {
            editor.context().runOnContext(v -> editor.startTyping());
        }
    }

    /** Starts a measured phase: the counters and latencies from now on belong to it. */
    public void beginPhase(String name) {
        metrics.endPhase();
        phase = name;
        phaseStartMillis = metrics.elapsedMillis();
        phaseKeystrokes = metrics.keystrokes.sum();
        phaseAcks = metrics.acks.sum();
        phaseOpsSent = metrics.opsSent.sum();
        phaseRemote = metrics.remoteOps.sum();
        phaseOwnCpu = ServerProbe.ownCpuSeconds();
        phaseServerCpu = server.cpuSeconds();
        System.err.printf("== phase %s%n", name);
    }

    /** Ends the current phase and adds its figures to the report. */
    public JsonObject endPhase(JsonObject extra) {
        Histogram[] latencies = metrics.endPhase();
        double seconds = Math.max(0.001, (metrics.elapsedMillis() - phaseStartMillis) / 1000.0);
        JsonObject result = new JsonObject()
                .put("phase", phase)
                .put("seconds", seconds)
                .put("keystrokesPerSecond", (metrics.keystrokes.sum() - phaseKeystrokes) / seconds)
                .put("opsSentPerSecond", (metrics.opsSent.sum() - phaseOpsSent) / seconds)
                .put("committedPerSecond", (metrics.acks.sum() - phaseAcks) / seconds)
                .put("remoteDeliveriesPerSecond", (metrics.remoteOps.sum() - phaseRemote) / seconds)
                .put("ackMillis", Report.percentiles(latencies[0]))
                .put("remoteMillis", Report.percentiles(latencies[1]))
                .put("generatorCpuCores", (ServerProbe.ownCpuSeconds() - phaseOwnCpu) / seconds)
                .put("serverCpuCores", Math.max(0, server.cpuSeconds() - phaseServerCpu) / seconds)
                .put("serverRssBytes", server.rssBytes())
                .put("errors", new JsonObject(new java.util.LinkedHashMap<>(metrics.errorCounts())))
                .put("reconnects", metrics.reconnects.sum());
        if (extra != null) {
            result.mergeIn(extra);
        }
        report.phase(result);
        System.err.printf("== %s: committed %.0f/s, ack p50 %s ms p99 %s ms, remote p99 %s ms%n", phase,
                result.getDouble("committedPerSecond"), result.getJsonObject("ackMillis").getValue("p50"),
                result.getJsonObject("ackMillis").getValue("p99"), result.getJsonObject("remoteMillis").getValue("p99"));
        phase = "between";
        return result;
    }

    /** Sleeps through a phase while running the {@code --at} commands that fall due. */
    public void hold(long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            report.runDueEvents(metrics.elapsedMillis(), metrics);
            Thread.sleep(Math.min(100, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        }
    }

    private void tick() {
        try {
            Histogram[] interval = metrics.takeInterval();
            long acks = metrics.acks.sum();
            long keystrokes = metrics.keystrokes.sum();
            double ownCpu = ServerProbe.ownCpuSeconds();
            double serverCpu = server.cpuSeconds();
            JsonObject sample = new JsonObject()
                    .put("t", metrics.elapsedMillis() / 1000.0)
                    .put("phase", phase)
                    .put("committedPerSecond", acks - lastAcks)
                    .put("keystrokesPerSecond", keystrokes - lastKeystrokes)
                    .put("ackP99Millis", Report.millis(interval[0].getValueAtPercentile(99)))
                    .put("remoteP99Millis", Report.millis(interval[1].getValueAtPercentile(99)))
                    .put("connections", metrics.openConnections.sum())
                    .put("errors", metrics.errorTotal())
                    .put("generatorCpuCores", ownCpu - lastOwnCpu)
                    // A server process that was killed takes its CPU time with it: no negative rates.
                    .put("serverCpuCores", Math.max(0, serverCpu - lastServerCpu));
            lastAcks = acks;
            lastKeystrokes = keystrokes;
            lastOwnCpu = ownCpu;
            lastServerCpu = serverCpu;
            report.sample(sample);
            System.err.printf("t=%5.0fs %-10s conns=%-6d typed/s=%-6d committed/s=%-6d ack p99=%-7s remote p99=%-7s"
                    + " errors=%d reconnects=%d cpu gen=%.2f server=%.2f%n",
                    sample.getDouble("t"), phase, sample.getLong("connections"), sample.getLong("keystrokesPerSecond"),
                    sample.getLong("committedPerSecond"), sample.getValue("ackP99Millis"),
                    sample.getValue("remoteP99Millis"), sample.getLong("errors"), metrics.reconnects.sum(),
                    sample.getDouble("generatorCpuCores"), sample.getDouble("serverCpuCores"));
        } catch (RuntimeException e) {
            System.err.println("progress failed: " + e);
        }
    }

    /**
     * Stops the editors' typing and waits, up to {@code seconds}, until everything they typed is
     * acknowledged, so that the final documents can be checked against the acknowledgements.
     *
     * @return whether every editor settled in time
     */
    public boolean settle(List<Editor> which, long seconds) throws InterruptedException {
        for (Editor editor : which) {
            editor.context().runOnContext(v -> editor.stopTyping());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (which.stream().allMatch(Editor::settled)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Stops every editor and closes its connection. */
    public void stopEditors(List<Editor> which) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(which.size());
        for (Editor editor : which) {
            editor.context().runOnContext(v -> {
                editor.stop();
                stopped.countDown();
            });
        }
        stopped.await(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        ticker.shutdownNow();
        report.finish(this);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
