package dev.tandem.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DocumentMetricsTest {

    @Test
    void loadedGaugeSurvivesGarbageCollection() throws InterruptedException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger loaded = new AtomicInteger(3);
        new DocumentMetrics(registry, loaded::get);

        // A gauge with only a weak reference to its supplier reads NaN once a collection has cleared it.
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
        }

        assertThat(registry.get("tandem.documents.loaded").gauge().value()).isEqualTo(3.0);
        loaded.set(7);
        assertThat(registry.get("tandem.documents.loaded").gauge().value()).isEqualTo(7.0);
    }
}
