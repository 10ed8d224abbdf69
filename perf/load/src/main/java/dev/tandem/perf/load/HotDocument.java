package dev.tandem.perf.load;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hot-doc}: many typists in one document. A steady phase at {@code --typists} (50) typing
 * {@code --rate} (5) keystrokes per second each for {@code --seconds} (30), then a ramp: each count
 * in {@code --ramp} adds typists up to it for {@code --step-seconds} (20). {@code --observers}
 * readers watch without typing. With {@code --presence-ms} above 0, each typist also subscribes to
 * the document's presence and sends its cursor that often.
 */
final class HotDocument {

    private HotDocument() {
    }

    static void run(LoadRun run) throws InterruptedException {
        LoadOptions options = run.options;
        String docId = options.string("doc", "hot-" + System.currentTimeMillis());
        double rate = options.decimal("rate", 5);
        int typists = options.integer("typists", 50);
        List<Integer> ramp = options.integers("ramp", "100,200,300,400");
        long presenceMillis = options.integer("presence-ms", 0);
        run.createDocuments(List.of(docId));
        run.metrics.recordAcks = true;

        List<Editor> everyone = new ArrayList<>();
        for (int i = 0; i < options.integer("observers", 0); i++) {
            everyone.add(run.editor(docId, 0, 0));
        }
        List<Editor> typing = add(run, docId, rate, presenceMillis, typists, everyone);
        run.await("the first typists to subscribe", 120, () -> LoadRun.allSubscribed(everyone));
        run.startTyping(typing);

        run.beginPhase("typists-" + typists);
        run.hold(options.integer("seconds", 30));
        run.endPhase(new JsonObject().put("typists", typists).put("offeredPerSecond", typists * rate));

        int current = typists;
        for (int target : ramp) {
            if (target <= current) {
                continue;
            }
            List<Editor> added = add(run, docId, rate, presenceMillis, target - current, everyone);
            run.await(target + " typists to subscribe", 120, () -> LoadRun.allSubscribed(added));
            run.startTyping(added);
            current = target;
            run.beginPhase("typists-" + target);
            run.hold(options.integer("step-seconds", 20));
            run.endPhase(new JsonObject().put("typists", target).put("offeredPerSecond", target * rate));
        }
        boolean settled = run.settle(everyone, 60);
        run.report.put("doc", docId);
        run.report.put("settled", settled);
        run.stopEditors(everyone);
    }

    private static List<Editor> add(LoadRun run, String docId, double rate, long presenceMillis, int count,
            List<Editor> everyone) {
        List<Editor> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            added.add(run.editor(docId, rate, presenceMillis));
        }
        everyone.addAll(added);
        return added;
    }
}
