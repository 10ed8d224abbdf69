package dev.tandem.document;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Meters of the document verticle; none is labelled with a document id, to bound their number. */
final class DocumentMetrics {

    private final Counter opsCommitted;
    private final Timer commitLatency;

    DocumentMetrics(MeterRegistry registry, Supplier<Number> documentsLoaded) {
        this.opsCommitted = Counter.builder("tandem.ops.committed").description("Ops committed to PostgreSQL")
                .register(registry);
        this.commitLatency = Timer.builder("tandem.commit.latency")
                .description("Time from handing a batch of one document's ops to the group commit until it is stored")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        // A strong reference: the registry holds a gauge's object weakly by default, and nothing
        // else holds this supplier, so a garbage collection would turn the gauge into NaN.
        Gauge.builder("tandem.documents.loaded", documentsLoaded, s -> s.get().doubleValue())
                .description("Documents loaded in memory on this node").strongReference(true).register(registry);
    }

    void committed(int ops, long nanos) {
        opsCommitted.increment(ops);
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
    }
}
