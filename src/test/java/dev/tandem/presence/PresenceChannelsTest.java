package dev.tandem.presence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.support.PendingConsumer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PresenceChannelsTest {

    // Found by the protocol fuzzer: ps followed at once by pu failed the ps with ERR_UNKNOWN_ERROR.
    @Test
    void unsubscribeDuringRegistrationLetsSubscribeComplete() {
        PendingConsumer pending = new PendingConsumer();
        PresenceChannels channels = new PresenceChannels(null, "node-1", channel -> pending.consumer);
        Consumer<JsonObject> subscriber = message -> { };
        Future<Void> subscribed = channels.subscribe("ch", subscriber);

        channels.unsubscribe("ch", subscriber);
        boolean unregisteredEarly = pending.unregistered();
        pending.completeRegistration();

        assertThat(unregisteredEarly).isFalse();
        assertThat(subscribed.succeeded()).isTrue();
        assertThat(pending.unregistered()).isTrue();
        assertThat(channels.size()).isZero();
    }
}
