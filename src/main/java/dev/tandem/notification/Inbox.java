package dev.tandem.notification;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** The {@code notifications} table: each user's notifications, newest first. */
public final class Inbox {

    private static final String COLUMNS = "id, user_id, kind, collection, doc_id, actor, version, role, previous_role,"
            + " created_at, read_at";

    private final Pool pool;

    public Inbox(Pool pool) {
        this.pool = pool;
    }

    /**
     * Stores the notifications in one statement and returns those that were new, with their ids. A
     * notification of an op that is already stored for the same user and kind is skipped, so storing
     * the same op's notifications twice stores them once.
     */
    public Future<List<Notification>> store(List<Notification> notifications, long nowMillis) {
        if (notifications.isEmpty()) {
            return Future.succeededFuture(List.of());
        }
        int size = notifications.size();
        String[] users = new String[size];
        String[] kinds = new String[size];
        String[] collections = new String[size];
        String[] docIds = new String[size];
        String[] actors = new String[size];
        Long[] versions = new Long[size];
        String[] roles = new String[size];
        String[] previousRoles = new String[size];

        for (int i = 0; i < size; i++) {
            Notification n = notifications.get(i);
            users[i] = n.userId();
            kinds[i] = n.kind().wireName();
            collections[i] = n.collection();
            docIds[i] = n.docId();
            actors[i] = n.actor();
            versions[i] = n.version();
            roles[i] = n.role();
            previousRoles[i] = n.previousRole();
        }

        String sql = "INSERT INTO notifications (user_id, kind, collection, doc_id, actor, version, role, previous_role,"
                + " created_at) SELECT u, k, c, d, a, v, r, p, $9 FROM unnest($1::text[], $2::text[], $3::text[],"
                + " $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[]) AS t(u, k, c, d, a, v, r, p)"
                + " ON CONFLICT DO NOTHING RETURNING " + COLUMNS;
        return pool.preparedQuery(sql)
                .execute(Tuple.of(users, kinds, collections, docIds, actors, versions, roles, previousRoles)
                        .addLong(nowMillis))
                .map(Inbox::toNotifications);
    }

    /**
     * Returns up to {@code limit} of the user's notifications with an id below {@code beforeId},
     * newest first.
     */
    public Future<List<Notification>> page(String userId, boolean unreadOnly, long beforeId, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM notifications WHERE user_id = $1 AND id < $2"
                + (unreadOnly ? " AND read_at IS NULL" : "") + " ORDER BY id DESC LIMIT $3";
        return pool.preparedQuery(sql).execute(Tuple.of(userId, beforeId, limit)).map(Inbox::toNotifications);
    }

    /** Marks the user's notifications with these ids read and returns how many were unread; other users' ids are ignored. */
    public Future<Integer> markRead(String userId, List<Long> ids, long nowMillis) {
        return pool.preparedQuery("UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND id = ANY($2)"
                        + " AND read_at IS NULL")
                .execute(Tuple.of(userId, ids.toArray(new Long[0]), nowMillis)).map(rows -> rows.rowCount());
    }

    /** Marks every notification of the user read and returns how many were unread. */
    public Future<Integer> markAllRead(String userId, long nowMillis) {
        return pool.preparedQuery("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
                .execute(Tuple.of(userId, nowMillis)).map(rows -> rows.rowCount());
    }

    private static List<Notification> toNotifications(Iterable<Row> rows) {
        List<Notification> result = new ArrayList<>();
        for (Row row : rows) {
            NotificationKind kind = NotificationKind.fromWireName(row.getString("kind")).orElse(null);
            if (kind == null) {
                continue;
            }
            result.add(new Notification(row.getLong("id"), row.getString("user_id"), kind, row.getString("collection"),
                    row.getString("doc_id"), row.getString("actor"), row.getLong("version"), row.getString("role"),
                    row.getString("previous_role"), row.getLong("created_at"), row.getLong("read_at") != null));
        }
        return result;
    }
}
