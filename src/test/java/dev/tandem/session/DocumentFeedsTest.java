package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cluster.Addresses;
import dev.tandem.store.OpRecord;
import dev.tandem.support.PendingConsumer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

    @Test
    void recentOpsCoverConsecutiveVersionsOnly() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Context context = vertx.getOrCreateContext();
            DocumentFeeds real = onContext(context, () -> new DocumentFeeds(vertx));
            Future<Void> watched = onContext(context, () -> real.watch(new DocStream(null, "c", "d")));
            watched.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            for (long version : new long[] {3, 4, 5, 5, 7, 8}) {
                vertx.eventBus().publish(Addresses.documentOps("c", "d"), new JsonObject().put("c", "c").put("d", "d")
                        .put("v", version).put("op", new JsonArray().add(version)).put("src", "s").put("seq", version));
            }
            // Event-bus messages to one consumer arrive in order, so once 8 is there all are.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (onContext(context, () -> real.recentOps("c", "d", 8)) == null) {
                assertThat(System.nanoTime()).as("op 8 received within 10 s").isLessThan(deadline);
                Thread.sleep(10);
            }

            List<OpRecord> fromSeven = onContext(context, () -> real.recentOps("c", "d", 7));
            List<OpRecord> fromFive = onContext(context, () -> real.recentOps("c", "d", 5));
            List<OpRecord> atHead = onContext(context, () -> real.recentOps("c", "d", 9));
            List<OpRecord> unwatched = onContext(context, () -> real.recentOps("c", "other", 7));

            assertThat(fromSeven).extracting(OpRecord::version).containsExactly(7L, 8L);
            assertThat(fromSeven.get(0).body()).isEqualTo(List.of(7L));
            assertThat(fromFive).as("the gap at 6 dropped the ops before it").isNull();
            assertThat(atHead).isEmpty();
            assertThat(unwatched).isNull();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static <T> T onContext(Context context, Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> result.complete(action.get()));
        return result.get(10, TimeUnit.SECONDS);
    }
}
