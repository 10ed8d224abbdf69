package dev.tandem.support;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;

/**
 * An event-bus consumer whose registration completes only when the test says so, and whose
 * unregister fails a pending registration, as Vert.x 5.0 does in a cluster when the removal
 * finishes first. Makes the race between subscribe and unsubscribe deterministic.
 */
public final class PendingConsumer {

    private final Promise<Void> registration = Promise.promise();
    private boolean unregistered;
    public final MessageConsumer<JsonObject> consumer;

    @SuppressWarnings("unchecked")
    public PendingConsumer() {
        consumer = (MessageConsumer<JsonObject>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MessageConsumer.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "completion" -> registration.future();
                    case "unregister" -> {
                        unregistered = true;
                        registration.tryFail("Consumer unregistered before registration completed");
                        yield Future.succeededFuture();
                    }
                    case "isRegistered" -> !unregistered;
                    case "handler" -> proxy;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "PendingConsumer";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    public void completeRegistration() {
        registration.tryComplete();
    }

    public boolean unregistered() {
        return unregistered;
    }
}
