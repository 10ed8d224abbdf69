package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.PendingConsumer;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentFeedsTest {

    private final List<PendingConsumer> created = new ArrayList<>();
    private final DocumentFeeds feeds = new DocumentFeeds(address -> {
        PendingConsumer pending = new PendingConsumer();
        created.add(pending);
        return pending.consumer;
    });

    // Found by the protocol fuzzer: a subscribe followed at once by an unsubscribe failed with
    // ERR_UNKNOWN_ERROR, because the unsubscribe failed the pending registration.
    @Test
    void unwatchDuringRegistrationLetsWatchComplete() {
        DocStream stream = new DocStream(null, "c", "d");
        Future<Void> watched = feeds.watch(stream);

        feeds.unwatch(stream);
        boolean unregisteredEarly = created.get(0).unregistered();
        created.get(0).completeRegistration();

        assertThat(unregisteredEarly).as("unregistered before the registration completed").isFalse();
        assertThat(watched.succeeded()).isTrue();
        assertThat(created.get(0).unregistered()).as("unregistered after it").isTrue();
        assertThat(feeds.size()).isZero();
    }

    @Test
    void watchAfterUnwatchGetsNewConsumer() {
        DocStream first = new DocStream(null, "c", "d");
        feeds.watch(first);
        feeds.unwatch(first);

        DocStream second = new DocStream(null, "c", "d");
        Future<Void> watched = feeds.watch(second);
        created.get(1).completeRegistration();

        assertThat(created).hasSize(2);
        assertThat(watched.succeeded()).isTrue();
        assertThat(feeds.size()).isEqualTo(1);
    }
}
