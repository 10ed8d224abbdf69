package dev.tandem.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.PendingConsumer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PresenceChannelsTest {

    // Found by the protocol fuzzer: ps followed at once by pu failed the ps with ERR_UNKNOWN_ERROR.
    @Test
    void unsubscribeDuringRegistrationLetsSubscribeComplete() {
        PendingConsumer pending = new PendingConsumer();
        PresenceChannels channels = new PresenceChannels(null, "node-1", channel -> pending.consumer);
        Consumer<PresenceMessage> subscriber = message -> { };
        Future<Void> subscribed = channels.subscribe("ch", subscriber);

        channels.unsubscribe("ch", subscriber);
        boolean unregisteredEarly = pending.unregistered();
        pending.completeRegistration();

        assertThat(unregisteredEarly).isFalse();
        assertThat(subscribed.succeeded()).isTrue();
        assertThat(pending.unregistered()).isTrue();
        assertThat(channels.size()).isZero();
    }

    @Test
    void subscribersShareOneEncoding() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Context context = vertx.getOrCreateContext();
            List<PresenceMessage> received = new CopyOnWriteArrayList<>();
            CountDownLatch both = new CountDownLatch(2);
            CompletableFuture<Void> subscribed = new CompletableFuture<>();
            context.runOnContext(v -> {
                PresenceChannels channels = new PresenceChannels(vertx, "node-1");
                Consumer<PresenceMessage> first = message -> {
                    received.add(message);
                    both.countDown();
                };
                Consumer<PresenceMessage> second = message -> {
                    received.add(message);
                    both.countDown();
                };
                Future.all(channels.subscribe("notes.doc", first), channels.subscribe("notes.doc", second))
                        .onComplete(result -> {
                            channels.publish("notes.doc", new JsonObject().put("a", "p").put("ch", "notes.doc")
                                    .put("src", "c1").put("id", "cursor").put("p", new JsonObject().put("index", 3)));
                            subscribed.complete(null);
                        });
            });
            subscribed.get(10, TimeUnit.SECONDS);

            assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(received.get(0)).isSameAs(received.get(1));
            assertThat(received.get(0).text()).isSameAs(received.get(1).text());
            assertThat(new JsonObject(received.get(0).text()).getJsonObject("p").getInteger("index")).isEqualTo(3);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void requestsArrivingTogetherAreDeliveredOnce() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Context context = vertx.getOrCreateContext();
            List<JsonObject> received = new CopyOnWriteArrayList<>();
            CompletableFuture<PresenceChannels> ready = new CompletableFuture<>();
            context.runOnContext(v -> {
                PresenceChannels channels = new PresenceChannels(vertx, "node-1");
                channels.subscribe("notes.doc", message -> received.add(message.body()))
                        .onComplete(result -> ready.complete(channels));
            });
            PresenceChannels channels = ready.get(10, TimeUnit.SECONDS);
            long start = System.nanoTime();
            context.runOnContext(v -> {
                for (int i = 0; i < 5; i++) {
                    channels.publish("notes.doc", new JsonObject().put("ch", "notes.doc").put("r", true).put("src", "c" + i));
                }
                channels.publish("notes.doc", new JsonObject().put("a", "p").put("ch", "notes.doc").put("src", "c9")
                        .put("id", "cursor").put("p", 1));
            });

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.size() < 2) {
                assertThat(System.nanoTime()).as("two messages within 10 s").isLessThan(deadline);
                Thread.sleep(10);
            }
            Thread.sleep(PresenceChannels.REQUEST_GATHER_MILLIS * 2);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(received).hasSize(2);
            assertThat(received.get(0).getString("src")).as("the presence is not held back").isEqualTo("c9");
            assertThat(received.get(1).getBoolean("r")).isTrue();
            assertThat(elapsedMillis).isGreaterThanOrEqualTo(PresenceChannels.REQUEST_GATHER_MILLIS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
