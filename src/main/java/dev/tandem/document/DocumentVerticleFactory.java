package dev.tandem.document;

import dev.tandem.cluster.DocumentOwnership;
import dev.tandem.config.Setting;
import dev.tandem.config.TandemConfig;
import dev.tandem.ot.TypeRegistry;
import dev.tandem.store.CommitBatcher;
import dev.tandem.store.OpLog;
import dev.tandem.store.SnapshotCache;
import dev.tandem.store.SnapshotStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Wires a {@link DocumentVerticle} from the node's configuration and shared store objects. */
public final class DocumentVerticleFactory {

    private static final long RETRY_DELAY_MILLIS = 500;

    private DocumentVerticleFactory() {
    }

    public static DocumentVerticle create(TandemConfig config, DocumentOwnership ownership, TypeRegistry types, Pool pool,
            OpLog opLog, SnapshotStore snapshots, SnapshotCache cache, MeterRegistry registry, CommitListener commitListener) {
        DocumentLoader loader = new DocumentLoader(opLog, snapshots, cache, new SnapshotReplay(types));
        return new DocumentVerticle(ownership, (vertx, documentsLoaded) -> new DocumentServices(
                vertx, types, opLog, commitBatcher(vertx, pool, config, registry),
                snapshots, cache, loader, new OpPublisher(vertx.eventBus()),
                new DocumentMetrics(registry, documentsLoaded), Clock.systemUTC(),
                config.longValue(Setting.MILESTONE_EVERY_OPS), config.longValue(Setting.MAX_DOCUMENT_BYTES),
                config.longValue(Setting.MAX_CATCH_UP_OPS),
                RETRY_DELAY_MILLIS, config.longValue(Setting.CACHE_WRITE_INTERVAL_MILLIS), commitListener),
                config.longValue(Setting.IDLE_UNLOAD_MILLIS), config.longValue(Setting.SUBMIT_TIMEOUT_MILLIS));
    }

    private static CommitBatcher commitBatcher(Vertx vertx, Pool pool, TandemConfig config, MeterRegistry registry) {
        CommitBatcher batcher = new CommitBatcher(vertx, pool, new CommitBatcher.Options(
                config.intValue(Setting.COMMIT_MAX_BATCH_OPS), config.intValue(Setting.COMMIT_MAX_PENDING_OPS),
                config.newDocumentPublicRole()));
        // With tandem.ops.committed this gives the mean group-commit size, which the PostgreSQL
        // ceiling benchmark (perf/load/pg-ceiling) replays.
        FunctionCounter.builder("tandem.commit.transactions", batcher, CommitBatcher::transactionCount)
                .description("Group-commit transactions sent to PostgreSQL").register(registry);
        return batcher;
    }
}
