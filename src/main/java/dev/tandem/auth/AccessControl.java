package dev.tandem.auth;

import dev.tandem.cluster.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a user may do something to a document, from the document's grants.
 *
 * <p>Grants are cached per document, so that an op on a document in use costs no PostgreSQL
 * round trip. A grant change on any node publishes the document on {@link #CHANGED_ADDRESS}, and
 * every node drops its cached grants and notifies its listeners, which re-check open subscriptions. A
 * change whose message is lost, such as when its node dies right after the commit, is picked up
 * when the cached entry expires after {@link #CACHE_TTL_MILLIS}. A denial is always confirmed with
 * a fresh read, so a stale cache can delay a revocation but never a new grant.
 *
 * <p>A check whose grants cannot be read, as while PostgreSQL restarts, fails with
 * {@link GrantsUnavailableException}. The node that creates a document reads its new grants right
 * after the create commits, so the creator's next ops are checked from the cache.
 */
public final class AccessControl {

    private static final Logger LOG = LoggerFactory.getLogger(AccessControl.class);
    /** Published with {@code {c, d, from}} when a document's grants change; {@code from} names the publisher. */
    public static final String CHANGED_ADDRESS = "tandem.acl.changed";
    /** Maximum time a node may serve a cached grant after a change whose message it missed. */
    static final long CACHE_TTL_MILLIS = 60_000;

    private record DocKey(String collection, String docId) {
    }

    private record Cached(DocumentGrants grants, long loadedAtMillis) {
    }

    private final Vertx vertx;
    private final GrantStore store;
    private final Clock clock;
    private final int maxCachedDocuments;
    private final Map<DocKey, Cached> cache;
    private final Map<DocKey, Future<DocumentGrants>> loading = new HashMap<>();
    private final List<BiConsumer<String, String>> changeListeners = new CopyOnWriteArrayList<>();
    private MessageConsumer<JsonObject> consumer;
    /** Tells this instance's own change messages apart from other nodes'. */
    private final String instanceId = java.util.UUID.randomUUID().toString();

    public AccessControl(Vertx vertx, GrantStore store, Clock clock, int maxCachedDocuments) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
        this.maxCachedDocuments = maxCachedDocuments;
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<DocKey, Cached> eldest) {
                return size() > AccessControl.this.maxCachedDocuments;
            }
        };
    }

    /** Starts listening for grant changes of other nodes; completes once registered in the cluster. */
    public Future<Void> start() {
        consumer = vertx.eventBus().consumer(CHANGED_ADDRESS, message -> {
            JsonObject body = message.body();
            // This node invalidated its cache when it published the change. Doing it again when the
            // message comes back would drop grants read since, such as a new document's.
            if (!instanceId.equals(body.getString("from"))) {
                invalidate(body.getString("c"), body.getString("d"));
            }
        });
        return consumer.completion();
    }

    /** Adds a listener called with (collection, document id) after a document's grants changed on any node. */
    public void onChange(BiConsumer<String, String> listener) {
        changeListeners.add(listener);
    }

    /**
     * Returns the document's grants when {@code userId} has the permission, or fails with an
     * {@link AccessDeniedException}, or with a {@link GrantsUnavailableException} when the grants
     * cannot be read. A document that was never created has no grants: anyone may read
     * it, which returns nothing, and nobody may edit or delete it.
     */
    public Future<DocumentGrants> require(String userId, String collection, String docId, Permission permission) {
        return check(userId, collection, docId, permission).recover(err -> Future.failedFuture(unavailable(err, collection, docId)));
    }

    private static Throwable unavailable(Throwable err, String collection, String docId) {
        if (err instanceof AccessDeniedException || err instanceof GrantsUnavailableException) {
            return err;
        }
        LOG.atWarn().addKeyValue("collection", collection).addKeyValue("docId", docId).setCause(err)
                .log("Reading document grants failed");
        return new GrantsUnavailableException("The grants of document " + collection + "/" + docId
                + " could not be read; the store is unavailable. Retry later.", err);
    }

    private Future<DocumentGrants> check(String userId, String collection, String docId, Permission permission) {
        return grants(collection, docId).compose(cached -> {
            if (allows(cached, userId, permission)) {
                return Future.succeededFuture(cached);
            }
            return reload(collection, docId).compose(fresh -> allows(fresh, userId, permission)
                    ? Future.succeededFuture(fresh)
                    : Future.failedFuture(denied(fresh, userId, permission, collection, docId)));
        });
    }

    /**
     * Succeeds when {@code userId} may create the document: nobody has a grant on it yet (it is
     * new), or the user may edit it (it was deleted and is created again).
     */
    public Future<DocumentGrants> requireCreate(String userId, String collection, String docId) {
        return checkCreate(userId, collection, docId).recover(err -> Future.failedFuture(unavailable(err, collection, docId)));
    }

    private Future<DocumentGrants> checkCreate(String userId, String collection, String docId) {
        return reload(collection, docId).compose(grants -> {
            if (grants.unclaimed() || allows(grants, userId, Permission.EDIT)) {
                return Future.succeededFuture(grants);
            }
            return Future.failedFuture(new AccessDeniedException(Permission.EDIT,
                    "Creating document " + collection + "/" + docId + " again needs the editor role", false));
        });
    }

    /** Returns the document's grants from PostgreSQL, bypassing and then refreshing the cache. */
    public Future<DocumentGrants> reload(String collection, String docId) {
        DocKey key = new DocKey(collection, docId);
        synchronized (this) {
            cache.remove(key);
            loading.remove(key);
        }
        return grants(collection, docId);
    }

    /** Loads the grants of documents that are not cached yet, so that the next checks complete at once. */
    public Future<Void> preload(List<String[]> documents) {
        if (documents.isEmpty()) {
            return Future.succeededFuture();
        }
        List<Future<DocumentGrants>> loads = documents.stream().map(d -> grants(d[0], d[1])).toList();
        return Future.join(loads).mapEmpty();
    }

    /** Returns the document's cached grants, loading them once however many callers ask meanwhile. */
    public Future<DocumentGrants> grants(String collection, String docId) {
        DocKey key = new DocKey(collection, docId);
        long now = clock.millis();
        synchronized (this) {
            Cached cached = cache.get(key);
            if (cached != null && now - cached.loadedAtMillis() < CACHE_TTL_MILLIS) {
                return Future.succeededFuture(cached.grants());
            }
            Future<DocumentGrants> inFlight = loading.get(key);
            if (inFlight != null) {
                return inFlight;
            }
            Future<DocumentGrants> load = store.load(collection, docId);
            loading.put(key, load);
            load.onComplete(result -> {
                synchronized (this) {
                    // A change or reload while this load ran has replaced or dropped it; its result may be stale.
                    if (loading.get(key) == load) {
                        loading.remove(key);
                        if (result.succeeded()) {
                            cache.put(key, new Cached(result.result(), now));
                        }
                    }
                }
            });
            return load;
        }
    }

    /**
     * Sets or, with a {@code null} role, removes a user's grant, then notifies every node. The caller
     * has checked that {@code grantedBy} may manage the document's grants.
     */
    public Future<GrantStore.ChangeResult> changeGrant(String collection, String docId, String userId, Role role,
            String grantedBy) {
        return store.change(collection, docId, userId, role, grantedBy, clock.millis()).map(change -> {
            if (change.result() == GrantStore.ChangeResult.CHANGED) {
                LOG.atInfo().addKeyValue("collection", collection).addKeyValue("docId", docId)
                        .addKeyValue("user", userId).addKeyValue("role", role == null ? "none" : role.wireName())
                        .addKeyValue("by", grantedBy).log("Document grant changed");
                grantChanged(collection, docId, userId, change.previousRole(), role, grantedBy);
            }
            return change.result();
        });
    }

    /**
     * Notifies every node that a document now has grants, after its creation committed, and reads
     * them into this node's cache. The future completes when they are cached, or could not be read.
     */
    public Future<Void> documentCreated(String collection, String docId) {
        publishChange(collection, docId);
        return grants(collection, docId).<Void>mapEmpty().recover(err -> {
            LOG.atDebug().addKeyValue("collection", collection).addKeyValue("docId", docId)
                    .addKeyValue("error", err.toString()).log("Reading the grants of a created document failed");
            return Future.succeededFuture();
        });
    }

    /**
     * Publishes a committed grant change, and hands it to this node's notification verticle, which
     * notifies the user whose role changed. Every grant change goes out here.
     */
    private void grantChanged(String collection, String docId, String userId, Role previousRole, Role role,
            String grantedBy) {
        publishChange(collection, docId);
        JsonObject event = new JsonObject().put("event", "grant").put("c", collection).put("d", docId)
                .put("user", userId).put("actor", grantedBy)
                .put("previousRole", previousRole == null ? null : previousRole.wireName())
                .put("role", role == null ? null : role.wireName());
        vertx.eventBus().send(Addresses.NOTIFICATION_EVENTS, event, new DeliveryOptions().setLocalOnly(true));
    }

    private void publishChange(String collection, String docId) {
        invalidate(collection, docId);
        vertx.eventBus().publish(CHANGED_ADDRESS, new JsonObject().put("c", collection).put("d", docId)
                .put("from", instanceId));
    }

    private void invalidate(String collection, String docId) {
        if (collection == null || docId == null) {
            return;
        }
        DocKey key = new DocKey(collection, docId);
        synchronized (this) {
            cache.remove(key);
            loading.remove(key);
        }
        for (BiConsumer<String, String> listener : changeListeners) {
            listener.accept(collection, docId);
        }
    }

    private static boolean allows(DocumentGrants grants, String userId, Permission permission) {
        if (grants.unclaimed()) {
            // Reading a document that does not exist returns an empty snapshot and nothing else.
            return permission == Permission.READ || permission == Permission.PRESENCE;
        }
        return grants.roleOf(userId).map(role -> role.includes(permission.required())).orElse(false);
    }

    private static AccessDeniedException denied(DocumentGrants grants, String userId, Permission permission,
            String collection, String docId) {
        String has = grants.roleOf(userId).map(Role::wireName).orElse("no role");
        LOG.atDebug().addKeyValue("collection", collection).addKeyValue("docId", docId).addKeyValue("user", userId)
                .addKeyValue("permission", permission).log("Access denied");
        return new AccessDeniedException(permission, "Document " + collection + "/" + docId + ": "
                + permission.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " needs the "
                + permission.required().wireName() + " role; you have " + has, grants.unclaimed());
    }
}
