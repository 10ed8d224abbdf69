package dev.tandem.perf.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The results of one run as JSON: the options, the machine, one entry per phase, a sample per
 * second, the {@code --at} events with how long acknowledgements stopped after each, and the
 * acknowledgements per 100 ms. {@code perf/load/plot.js} and the report tables read this file.
 */
public final class Report {

    private final LoadOptions options;
    private final JsonObject root = new JsonObject();
    private final JsonArray phases = new JsonArray();
    private final JsonArray samples = new JsonArray();
    private final List<Event> events = new ArrayList<>();

    private static final class Event {
        final long atMillis;
        final String command;
        long ranAtMillis = -1;
        int exitCode;
        int fault = -1;

        Event(long atMillis, String command) {
            this.atMillis = atMillis;
            this.command = command;
        }
    }

    public Report(LoadOptions options) {
        this.options = options;
        root.put("started", Instant.now().toString());
        root.put("options", new JsonObject(new java.util.LinkedHashMap<>(options.asMap())));
        root.put("processors", Runtime.getRuntime().availableProcessors());
        root.put("java", System.getProperty("java.version"));
        for (String event : options.events()) {
            int colon = event.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("--at takes SECONDS:COMMAND, got " + event);
            }
            events.add(new Event((long) (Double.parseDouble(event.substring(0, colon)) * 1000), event.substring(colon + 1)));
        }
    }

    static double millis(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    static JsonObject percentiles(Histogram histogram) {
        return new JsonObject()
                .put("count", histogram.getTotalCount())
                .put("p50", millis(histogram.getValueAtPercentile(50)))
                .put("p90", millis(histogram.getValueAtPercentile(90)))
                .put("p99", millis(histogram.getValueAtPercentile(99)))
                .put("p999", millis(histogram.getValueAtPercentile(99.9)))
                .put("max", millis(histogram.getMaxValue()));
    }

    synchronized void phase(JsonObject phase) {
        phases.add(phase);
    }

    synchronized void sample(JsonObject sample) {
        samples.add(sample);
    }

    public synchronized void put(String key, Object value) {
        root.put(key, value);
    }

    /** Runs the {@code --at} commands whose time has come; the main thread calls this. */
    void runDueEvents(long elapsedMillis, Metrics metrics) {
        for (Event event : events) {
            if (event.ranAtMillis < 0 && elapsedMillis >= event.atMillis) {
                event.ranAtMillis = elapsedMillis;
                event.fault = metrics.fault();
                System.err.printf("== at %.1f s: %s%n", elapsedMillis / 1000.0, event.command);
                try {
                    Process process = new ProcessBuilder("bash", "-c", event.command).inheritIO().start();
                    event.exitCode = process.waitFor();
                } catch (IOException e) {
                    event.exitCode = -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    event.exitCode = -1;
                }
            }
        }
    }

    /**
     * How long after an event acknowledgements stopped: the longest run of 100 ms slots without
     * one that starts within a second of the event, measured to the first slot with one again.
     * Zero when acknowledgements never stopped; -1 when they never came back.
     */
    static long ackGapMillis(long[] slots, long eventMillis) {
        int eventSlot = (int) (eventMillis / Metrics.SLOT_MILLIS);
        int latestStart = eventSlot + (int) (1000 / Metrics.SLOT_MILLIS);
        long longest = 0;
        for (int start = eventSlot; start <= latestStart && start < slots.length; start++) {
            if (slots[start] != 0) {
                continue;
            }
            int end = start;
            while (end < slots.length && slots[end] == 0) {
                end++;
            }
            if (end == slots.length) {
                return -1;
            }
            longest = Math.max(longest, end * Metrics.SLOT_MILLIS - eventMillis);
            start = end;
        }
        return longest;
    }

    synchronized void finish(LoadRun run) throws IOException {
        long[] slots = run.metrics.ackSlots(run.metrics.elapsedMillis());
        JsonArray eventResults = new JsonArray();
        for (Event event : events) {
            JsonObject result = new JsonObject().put("command", event.command).put("atMillis", event.atMillis)
                    .put("ranAtMillis", event.ranAtMillis).put("exitCode", event.exitCode);
            if (event.ranAtMillis >= 0) {
                long gap = ackGapMillis(slots, event.ranAtMillis);
                long recovered = run.metrics.recoveredAfterMillis(event.fault);
                result.put("acksResumedAfterMillis", gap).put("allRecoveredAfterMillis", recovered);
                System.err.printf("== after \"%s\": acks resumed after %d ms; the last op typed before it was"
                        + " acknowledged %d ms after it%n", event.command, gap, recovered);
            }
            eventResults.add(result);
        }
        JsonArray slotArray = new JsonArray();
        for (long count : slots) {
            slotArray.add(count);
        }
        root.put("finished", Instant.now().toString())
                .put("phases", phases)
                .put("samples", samples)
                .put("events", eventResults)
                .put("ackSlotMillis", Metrics.SLOT_MILLIS)
                .put("ackSlots", slotArray)
                .put("totals", new JsonObject()
                        .put("keystrokes", run.metrics.keystrokes.sum())
                        .put("opsSent", run.metrics.opsSent.sum())
                        .put("acks", run.metrics.acks.sum())
                        .put("remoteOps", run.metrics.remoteOps.sum())
                        .put("presenceSent", run.metrics.presenceSent.sum())
                        .put("presenceReceived", run.metrics.presenceReceived.sum())
                        .put("reconnects", run.metrics.reconnects.sum())
                        .put("connectFailures", run.metrics.connectFailures.sum())
                        .put("errors", new JsonObject(new java.util.LinkedHashMap<>(run.metrics.errorCounts()))));
        if (run.metrics.recordAcks) {
            root.put("acked", new JsonArray(new ArrayList<>(run.metrics.acked)));
        }
        Path out = Path.of(options.string("out", "perf/load/results/" + options.scenario + ".json"));
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, root.encodePrettily());
        System.err.println("wrote " + out);
    }
}
