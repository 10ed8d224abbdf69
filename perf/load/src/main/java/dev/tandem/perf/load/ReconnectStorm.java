package dev.tandem.perf.load;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * {@code reconnect-storm}: {@code --docs} (500) documents get a history of {@code --history} (200)
 * ops from one writer each; {@code --clients} (2,000) readers subscribe, all drop their
 * connections, the writers add {@code --missed-seconds} (5) more seconds of typing, and then every
 * reader reconnects at once and asks for the ops it missed. Reported: the time each reader took
 * from reconnecting to having the latest version, and the storm's total.
 */
final class ReconnectStorm {

    private ReconnectStorm() {
    }

    static void run(LoadRun run) throws InterruptedException {
        LoadOptions options = run.options;
        int docCount = options.integer("docs", 500);
        int clientCount = options.integer("clients", 2000);
        int history = options.integer("history", 200);
        double writerRate = options.decimal("writer-rate", 10);
        String prefix = options.string("doc-prefix", "storm-" + System.currentTimeMillis() + "-");
        List<String> docIds = new ArrayList<>();
        for (int i = 0; i < docCount; i++) {
            docIds.add(prefix + i);
        }
        run.createDocuments(docIds);

        run.beginPhase("history");
        List<Editor> writers = new ArrayList<>();
        for (String docId : docIds) {
            writers.add(run.editor(docId, writerRate, 0));
        }
        run.await("the writers to subscribe", 300, () -> LoadRun.allSubscribed(writers));
        run.startTyping(writers);
        run.await("every document to reach version " + history, 1800,
                () -> writers.stream().allMatch(w -> w.version() >= history));
        run.endPhase(new JsonObject().put("docs", docCount).put("history", history));

        List<Editor> readers = new ArrayList<>();
        for (int i = 0; i < clientCount; i++) {
            readers.add(run.editor(docIds.get(i % docCount), 0, 0));
        }
        run.await("the readers to subscribe", 300, () -> LoadRun.allSubscribed(readers));
        for (Editor reader : readers) {
            reader.context().runOnContext(v -> reader.socket().drop());
        }
        run.hold(options.integer("missed-seconds", 5));
        run.stopEditors(writers);
        // The writers' last acknowledged versions are what the readers must reach.
        Thread.sleep(2000);
        long[] targets = new long[docCount];
        for (int i = 0; i < docCount; i++) {
            targets[i] = writers.get(i).version();
        }

        run.beginPhase("storm");
        ConcurrentHistogram waits = new ConcurrentHistogram(600_000_000L, 3);
        CountDownLatch caughtUp = new CountDownLatch(clientCount);
        long started = System.nanoTime();
        for (int i = 0; i < clientCount; i++) {
            Editor reader = readers.get(i);
            long target = targets[i % docCount];
            reader.context().runOnContext(v -> {
                reader.whenCaughtUp(target, nanos -> {
                    waits.recordValue(nanos / 1000);
                    caughtUp.countDown();
                });
                reader.socket().reopen();
            });
        }
        boolean all = caughtUp.await(options.integer("storm-timeout-seconds", 300), TimeUnit.SECONDS);
        long totalMillis = (System.nanoTime() - started) / 1_000_000;
        run.endPhase(new JsonObject().put("clients", clientCount).put("allCaughtUp", all)
                .put("caughtUp", clientCount - caughtUp.getCount()).put("stormMillis", totalMillis)
                .put("catchUpMillis", Report.percentiles(waits)));
        run.stopEditors(readers);
    }
}
