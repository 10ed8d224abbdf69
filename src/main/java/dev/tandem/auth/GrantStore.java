package dev.tandem.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code document_grants} table. Creating a document writes its first grants in the commit
 * transaction (see {@code CommitBatcher}); everything else goes through here.
 */
public final class GrantStore {

    /** One row of a listing of visible documents, with the user's effective role. */
    public record VisibleDocument(String collection, String docId, Role role) {
    }

    /** The outcome of a grant change. */
    public enum ChangeResult {
        CHANGED,
        /** The user had no grant to remove. */
        NOT_FOUND,
        /** The change would leave the document without an owner. */
        LAST_OWNER
    }

    /** A stored change with the role the user had before it, or {@code null} when they had none. */
    public record Change(ChangeResult result, Role previousRole) {
    }

    private static final String RANK = "CASE role WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 WHEN 'commenter' THEN 2 ELSE 3 END";

    private final Pool pool;

    public GrantStore(Pool pool) {
        this.pool = pool;
    }

    public Future<DocumentGrants> load(String collection, String docId) {
        return pool.preparedQuery("SELECT user_id, role FROM document_grants WHERE collection = $1 AND doc_id = $2")
                .execute(Tuple.of(collection, docId)).map(rows -> {
                    Map<String, Role> roles = new HashMap<>();
                    for (Row row : rows) {
                        Role.fromWireName(row.getString(1)).ifPresent(role -> roles.put(row.getString(0), role));
                    }
                    return new DocumentGrants(roles);
                });
    }

    /**
     * Sets a user's role, or removes their grant when {@code role} is {@code null}. The document's
     * grants are locked for the change, so two owners demoting each other at once cannot leave it
     * without an owner.
     */
    public Future<Change> change(String collection, String docId, String userId, Role role, String grantedBy,
            long nowMillis) {
        return pool.withTransaction(conn -> lockGrants(conn, collection, docId).compose(grants -> {
            Role previous = grants.roles().get(userId);
            boolean removesOwner = previous == Role.OWNER && !UserIds.EVERYONE.equals(userId) && role != Role.OWNER;
            if (removesOwner && grants.owners() == 1) {
                return Future.succeededFuture(new Change(ChangeResult.LAST_OWNER, previous));
            }
            if (role == null) {
                return conn.preparedQuery("DELETE FROM document_grants WHERE collection = $1 AND doc_id = $2 AND user_id = $3")
                        .execute(Tuple.of(collection, docId, userId))
                        .map(rows -> new Change(rows.rowCount() == 0 ? ChangeResult.NOT_FOUND : ChangeResult.CHANGED,
                                previous));
            }
            return conn.preparedQuery("INSERT INTO document_grants (collection, doc_id, user_id, role, granted_by, granted_at)"
                            + " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (collection, doc_id, user_id)"
                            + " DO UPDATE SET role = EXCLUDED.role, granted_by = EXCLUDED.granted_by,"
                            + " granted_at = EXCLUDED.granted_at")
                    .execute(Tuple.of(collection, docId, userId, role.wireName(), grantedBy, nowMillis))
                    .map(rows -> new Change(ChangeResult.CHANGED, previous));
        }));
    }

    private static Future<DocumentGrants> lockGrants(SqlConnection conn, String collection, String docId) {
        return conn.preparedQuery("SELECT user_id, role FROM document_grants WHERE collection = $1 AND doc_id = $2"
                        + " ORDER BY user_id FOR UPDATE")
                .execute(Tuple.of(collection, docId)).map(rows -> {
                    Map<String, Role> roles = new HashMap<>();
                    for (Row row : rows) {
                        Role.fromWireName(row.getString(1)).ifPresent(role -> roles.put(row.getString(0), role));
                    }
                    return new DocumentGrants(roles);
                });
    }

    /**
     * Lists the documents that {@code userId} has a role on, directly or through {@code *}, after the
     * position ({@code afterCollection}, {@code afterDocId}) in (collection, document id) order.
     *
     * @param collection only this collection, or {@code null} for all
     */
    public Future<List<VisibleDocument>> visible(String userId, String collection, String afterCollection,
            String afterDocId, int limit) {
        // NOTE: a deleted document keeps its grants, so it is listed until it is created again or
        // its grants are removed; telling deleted ones apart would need the op log's last op.
        String sql = "SELECT DISTINCT ON (collection, doc_id) collection, doc_id, role FROM document_grants"
                + " WHERE user_id = ANY($1) AND ($2::text IS NULL OR collection = $2) AND (collection, doc_id) > ($3, $4)"
                + " ORDER BY collection, doc_id, " + RANK + " LIMIT $5";
        return pool.preparedQuery(sql)
                .execute(Tuple.of(new String[] {userId, UserIds.EVERYONE}, collection, afterCollection, afterDocId, limit))
                .map(rows -> {
                    List<VisibleDocument> documents = new ArrayList<>();
                    for (Row row : rows) {
                        Role.fromWireName(row.getString(2)).ifPresent(role ->
                                documents.add(new VisibleDocument(row.getString(0), row.getString(1), role)));
                    }
                    return documents;
                });
    }
}
