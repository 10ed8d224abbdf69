package dev.tandem.perf.load;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code many-docs}: {@code --editors} (2,000) spread evenly over {@code --docs} (500) documents.
 * Each rate in {@code --rates} (keystrokes per second per editor) runs for {@code --step-seconds}
 * (20) with a fresh set of editors, closed at the end of the step, so that steps do not overlap.
 */
final class ManyDocuments {

    private ManyDocuments() {
    }

    static void run(LoadRun run) throws InterruptedException {
        LoadOptions options = run.options;
        int editorCount = options.integer("editors", 2000);
        int docCount = options.integer("docs", 500);
        String prefix = options.string("doc-prefix", "many-" + System.currentTimeMillis() + "-");
        List<String> docIds = new ArrayList<>();
        for (int i = 0; i < docCount; i++) {
            docIds.add(prefix + i);
        }
        run.createDocuments(docIds);
        for (double rate : rates(options)) {
            List<Editor> editors = new ArrayList<>();
            for (int i = 0; i < editorCount; i++) {
                editors.add(run.editor(docIds.get(i % docCount), rate, 0));
            }
            run.await(editorCount + " editors to subscribe", 300, () -> LoadRun.allSubscribed(editors));
            run.startTyping(editors);
            run.beginPhase("rate-" + rate);
            run.hold(options.integer("step-seconds", 20));
            run.endPhase(new JsonObject().put("editors", editorCount).put("docs", docCount)
                    .put("ratePerEditor", rate).put("offeredPerSecond", editorCount * rate));
            run.stopEditors(editors);
        }
    }

    private static List<Double> rates(LoadOptions options) {
        List<Double> rates = new ArrayList<>();
        for (String part : options.string("rates", "0.5,1,2").split(",")) {
            rates.add(Double.parseDouble(part.trim()));
        }
        return rates;
    }
}
