package dev.tandem.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Milestone snapshots in PostgreSQL. A milestone never changes once written, because the op log
 * before its version never changes.
 */
public final class SnapshotStore {

    private final Pool pool;

    public SnapshotStore(Pool pool) {
        this.pool = pool;
    }

    /** Saves a milestone; saving a version that is already stored keeps the stored row. */
    public Future<Void> saveMilestone(Snapshot snapshot) {
        return pool.preparedQuery("INSERT INTO snapshots (collection, doc_id, version, type, data, ts)"
                        + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (collection, doc_id, version) DO NOTHING")
                .execute(Tuple.of(snapshot.collection(), snapshot.docId(), snapshot.version(), snapshot.typeUri(),
                        snapshot.data() == null ? null : JsonValues.encode(snapshot.data()),
                        snapshot.timestampMillis()))
                .mapEmpty();
    }

    /** Loads the milestone with the greatest version at or below {@code version}, or {@code null}. */
    public Future<Snapshot> latestAtOrBelow(String collection, String docId, long version) {
        return pool.preparedQuery("SELECT version, type, data, ts FROM snapshots"
                        + " WHERE collection = $1 AND doc_id = $2 AND version <= $3"
                        + " ORDER BY version DESC LIMIT 1")
                .execute(Tuple.of(collection, docId, version))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Snapshot(collection, docId, row.getLong("version"), row.getString("type"),
                            JsonValues.decode(row.getString("data")), row.getLong("ts"));
                });
    }
}
