package dev.tandem.document;

import dev.tandem.cluster.Addresses;
import dev.tandem.cluster.DocumentOwnership;
import dev.tandem.session.ErrorCode;
import dev.tandem.store.OpKind;
import dev.tandem.store.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the {@link Sequencer}s of the documents this node owns and serves requests to them on the
 * node's documents address: {@code submit} and {@code fetch}. A request for a document this node
 * does not own gets a redirect reply, and the sender resolves the owner again.
 */
public final class DocumentVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentVerticle.class);

    private final DocumentOwnership ownership;
    private final DocumentServicesFactory servicesFactory;
    private final long idleUnloadMillis;
    private final long submitTimeoutMillis;
    private final Map<String, Sequencer> sequencers = new HashMap<>();
    private DocumentServices services;
    private MessageConsumer<JsonObject> consumer;
    private long sweepTimer;

    /** Builds the services on the verticle's own context, so that they share its event loop. */
    public interface DocumentServicesFactory {
        DocumentServices create(io.vertx.core.Vertx vertx, java.util.function.Supplier<Number> documentsLoaded);
    }

    public DocumentVerticle(DocumentOwnership ownership, DocumentServicesFactory servicesFactory, long idleUnloadMillis,
            long submitTimeoutMillis) {
        this.ownership = ownership;
        this.servicesFactory = servicesFactory;
        this.idleUnloadMillis = idleUnloadMillis;
        this.submitTimeoutMillis = submitTimeoutMillis;
    }

    @Override
    public Future<?> start() {
        services = servicesFactory.create(vertx, sequencers::size);
        String address = Addresses.documents(ownership.localNodeId());
        consumer = vertx.eventBus().consumer(address, this::handle);
        sweepTimer = vertx.setPeriodic(Math.max(1000, idleUnloadMillis / 4), id -> unloadIdle());
        LOG.info("Document verticle started: node={} address={}", ownership.localNodeId(), address);
        return consumer.completion();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(sweepTimer);
        List<Future<Void>> saves = new ArrayList<>();
        return consumer.unregister()
                .compose(v -> services.commits().drain())
                .compose(v -> {
                    for (Sequencer sequencer : sequencers.values()) {
                        saves.add(sequencer.saveMilestone());
                    }
                    return Future.join(saves);
                })
                .onComplete(r -> LOG.info("Document verticle stopped: node={} documents={}", ownership.localNodeId(),
                        sequencers.size()));
    }

    private void handle(Message<JsonObject> message) {
        JsonObject body = message.body();
        String collection = body.getString("c");
        String docId = body.getString("d");
        String owner = ownership.ownerNodeId(collection, docId);
        if (owner != null && !owner.equals(ownership.localNodeId())) {
            message.reply(new JsonObject().put("redirect", owner));
            return;
        }
        Sequencer sequencer = sequencers.computeIfAbsent(key(collection, docId),
                k -> new Sequencer(collection, docId, services));
        sequencer.load().onComplete(loaded -> {
            if (loaded.failed()) {
                sequencers.remove(key(collection, docId), sequencer);
                LOG.warn("Loading document failed: collection={} doc={}", collection, docId, loaded.cause());
                message.reply(SubmitReply.error(ErrorCode.ERR_UNKNOWN_ERROR,
                        "The document could not be loaded; the store is unavailable. Retry later."));
                return;
            }
            switch (body.getString("action", "")) {
                case "submit" -> submit(sequencer, body, message);
                case "fetch" -> message.reply(snapshotJson(sequencer.latest()));
                default -> message.reply(SubmitReply.error(ErrorCode.ERR_MESSAGE_BADLY_FORMED,
                        "Unknown document action: " + body.getString("action")));
            }
        });
    }

    private void submit(Sequencer sequencer, JsonObject body, Message<JsonObject> message) {
        Promise<JsonObject> reply = Promise.promise();
        reply.future().onSuccess(message::reply);
        Long seq = body.getLong("seq");
        sequencer.submit(new Submission(body.getString("c"), body.getString("d"), body.getLong("v"),
                OpKind.fromWireName(body.getString("kind")), body.getString("type"),
                OpJson.JsonPlain.toPlain(body.getValue("body")), body.getString("src"), seq == null ? 0 : seq,
                body.getString("user"), services.clock().millis() + submitTimeoutMillis,
                !Boolean.FALSE.equals(body.getValue("prior")), reply));
    }

    /** Returns the snapshot as a reply, with its data copied in key order as {@link OpJson#toJson} explains. */
    static JsonObject snapshotJson(Snapshot snapshot) {
        return new JsonObject().put("v", snapshot.version()).put("type", snapshot.typeUri())
                .put("data", OpJson.JsonPlain.toPlain(snapshot.data()));
    }

    private void unloadIdle() {
        long now = services.clock().millis();
        List<String> idle = new ArrayList<>();
        sequencers.forEach((key, sequencer) -> {
            if (sequencer.isIdle(now, idleUnloadMillis)) {
                idle.add(key);
            }
        });
        for (String key : idle) {
            Sequencer sequencer = sequencers.remove(key);
            // The ops are already stored, so a request that loads the document again while the
            // milestone is being written still gets the right state.
            sequencer.saveMilestone();
            LOG.debug("Document unloaded after being idle: key={}", key);
        }
    }

    private static String key(String collection, String docId) {
        return DocumentOwnership.key(collection, docId);
    }
}
