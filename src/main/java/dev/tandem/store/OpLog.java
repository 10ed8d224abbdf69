package dev.tandem.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Reads a document's committed ops from PostgreSQL. Writes go through {@link CommitBatcher}. */
public final class OpLog {

    private static final String COLUMNS =
            "collection, doc_id, version, kind, create_type, body, src, seq, ts, user_id";

    private final Pool pool;

    public OpLog(Pool pool) {
        this.pool = pool;
    }

    /**
     * Reads the ops with {@code fromInclusive <= version < toExclusive}, in version order.
     * {@code toExclusive} may be {@link Long#MAX_VALUE} for "up to the head".
     */
    public Future<List<OpRecord>> range(String collection, String docId, long fromInclusive, long toExclusive) {
        if (fromInclusive >= toExclusive) {
            return Future.succeededFuture(List.of());
        }
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ops"
                        + " WHERE collection = $1 AND doc_id = $2 AND version >= $3 AND version < $4"
                        + " ORDER BY version")
                .execute(Tuple.of(collection, docId, fromInclusive, toExclusive))
                .map(OpLog::toRecords);
    }

    /** Returns the version the document has after its last op: max(version) + 1, or 0 with no ops. */
    public Future<Long> headVersion(String collection, String docId) {
        return pool.preparedQuery("SELECT max(version) FROM ops WHERE collection = $1 AND doc_id = $2")
                .execute(Tuple.of(collection, docId))
                .map(rows -> {
                    Long max = rows.iterator().next().getLong(0);
                    return max == null ? 0L : max + 1;
                });
    }

    /**
     * Returns the document version right after the last op with {@code ts <= timestampMillis}, or 0
     * when no op is that old.
     *
     * <p>NOTE: "last" means the greatest timestamp, with ties broken by version. This is the last op
     * in version order only while timestamps never decrease along the log; a new owner whose clock is
     * behind the previous owner's can break that, and then the result can be off by those ops.
     */
    public Future<Long> versionAt(String collection, String docId, long timestampMillis) {
        return pool.preparedQuery("SELECT version FROM ops WHERE collection = $1 AND doc_id = $2 AND ts <= $3"
                        + " ORDER BY ts DESC, version DESC LIMIT 1")
                .execute(Tuple.of(collection, docId, timestampMillis))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0) + 1);
    }

    /**
     * Finds the op committed for the submission ({@code src}, {@code seq}) at or after
     * {@code fromVersion}, or returns {@code null} when there is none. A client that resends an op
     * sends its original base version, so a duplicate can only sit at or after it.
     */
    public Future<OpRecord> findSubmission(String collection, String docId, String src, long seq, long fromVersion) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM ops"
                        + " WHERE collection = $1 AND doc_id = $2 AND version >= $3 AND src = $4 AND seq = $5"
                        + " ORDER BY version LIMIT 1")
                .execute(Tuple.of(collection, docId, fromVersion, src, seq))
                .map(rows -> rows.size() == 0 ? null : toRecord(rows.iterator().next()));
    }

    private static List<OpRecord> toRecords(RowSet<Row> rows) {
        List<OpRecord> records = new ArrayList<>(rows.size());
        for (Row row : rows) {
            records.add(toRecord(row));
        }
        return records;
    }

    static OpRecord toRecord(Row row) {
        return new OpRecord(
                row.getString("collection"),
                row.getString("doc_id"),
                row.getLong("version"),
                OpKind.fromWireName(row.getString("kind")),
                row.getString("create_type"),
                JsonValues.decode(row.getString("body")),
                row.getString("src"),
                row.getLong("seq"),
                row.getLong("ts"),
                row.getString("user_id"));
    }
}
