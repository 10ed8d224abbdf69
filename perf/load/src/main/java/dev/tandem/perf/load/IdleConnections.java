package dev.tandem.perf.load;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code idle-connections}: {@code --connections} (20,000) clients, {@code --per-doc} (10) to a
 * document, each subscribed and sending its cursor every {@code --presence-seconds} (20). They
 * connect at {@code --connect-rate} (1,000) per second and stay for {@code --seconds} (60). The
 * server's heap after a full collection, before and after, gives the heap per connection.
 */
final class IdleConnections {

    private IdleConnections() {
    }

    static void run(LoadRun run) throws InterruptedException {
        LoadOptions options = run.options;
        int connections = options.integer("connections", 20_000);
        int perDoc = options.integer("per-doc", 10);
        int connectRate = options.integer("connect-rate", 1000);
        long presenceMillis = options.integer("presence-seconds", 20) * 1000L;
        String prefix = options.string("doc-prefix", "idle-" + System.currentTimeMillis() + "-");
        int docCount = (connections + perDoc - 1) / perDoc;
        List<String> docIds = new ArrayList<>();
        for (int i = 0; i < docCount; i++) {
            docIds.add(prefix + i);
        }
        run.createDocuments(docIds);

        long heapBefore = run.server.heapAfterGcBytes();
        long rssBefore = run.server.rssBytes();
        run.beginPhase("connect");
        List<Editor> editors = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            editors.add(run.editor(docIds.get(i / perDoc), 0, presenceMillis));
            // Paces the connects: the i-th one goes no earlier than i / rate seconds after the start.
            long due = started + (long) (i * 1e9 / connectRate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        run.await(connections + " connections to subscribe", 600, () -> LoadRun.allSubscribed(editors));
        run.endPhase(new JsonObject().put("connections", connections));

        run.beginPhase("idle");
        run.hold(options.integer("seconds", 60));
        long heapAfter = run.server.heapAfterGcBytes();
        long rssAfter = run.server.rssBytes();
        long open = run.metrics.openConnections.sum();
        JsonObject memory = new JsonObject()
                .put("connections", connections)
                .put("openAtEnd", open)
                .put("serverHeapBeforeBytes", heapBefore)
                .put("serverHeapAfterBytes", heapAfter)
                .put("serverRssBeforeBytes", rssBefore)
                .put("serverRssAfterBytes", rssAfter)
                .put("rssPerConnectionBytes", (rssAfter - rssBefore) / Math.max(1, connections));
        if (heapBefore >= 0 && heapAfter >= 0) {
            memory.put("heapPerConnectionBytes", (heapAfter - heapBefore) / Math.max(1, connections));
        }
        run.endPhase(memory);
        System.err.println("== memory " + memory.encode());
        run.stopEditors(editors);
    }
}
