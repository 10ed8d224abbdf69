package dev.tandem.http;

import dev.tandem.auth.AccessControl;
import dev.tandem.auth.GrantStore;
import dev.tandem.auth.Permission;
import dev.tandem.auth.Role;
import dev.tandem.auth.UserIds;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grants routes: read a document's grants, set or remove one user's role (owners only), and
 * list the documents that the requesting user can see, a page at a time.
 */
final class AclApi {

    private static final Logger LOG = LoggerFactory.getLogger(AclApi.class);
    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 1000;
    private static final long MAX_BODY_BYTES = 4096;

    /** The access check of {@link RestApi}, which sends 403 itself. */
    interface Guard {
        void requireThen(RoutingContext routing, Permission permission, Handler<RoutingContext> next);
    }

    private final AccessControl access;
    private final GrantStore store;

    AclApi(AccessControl access, GrantStore store) {
        this.access = access;
        this.store = store;
    }

    void mount(Router router, String documentPath, Guard guard) {
        router.get(documentPath + "/acl").handler(routing -> guard.requireThen(routing, Permission.MANAGE_GRANTS, this::list));
        router.put(documentPath + "/acl/:user").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .handler(routing -> guard.requireThen(routing, Permission.MANAGE_GRANTS, this::put));
        router.delete(documentPath + "/acl/:user")
                .handler(routing -> guard.requireThen(routing, Permission.MANAGE_GRANTS, this::remove));
        router.get("/api/v1/documents").handler(this::visible);
    }

    private void list(RoutingContext routing) {
        access.reload(routing.pathParam("collection"), routing.pathParam("id")).onComplete(result -> {
            if (result.failed()) {
                RestApi.denied(routing, result.cause());
                return;
            }
            JsonObject grants = new JsonObject();
            new TreeMap<>(result.result().roles()).forEach((user, role) -> grants.put(user, role.wireName()));
            json(routing, 200, new JsonObject().put("grants", grants));
        });
    }

    private void put(RoutingContext routing) {
        String user = routing.pathParam("user");
        String problem = UserIds.EVERYONE.equals(user) ? null : UserIds.problem(user);
        if (problem != null) {
            Problem.send(routing, 400, "Invalid user", "The user id " + problem, Problem.BADLY_FORMED);
            return;
        }
        JsonObject body;
        try {
            body = routing.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        Role role = body == null || !(body.getValue("role") instanceof String name) ? null : Role.fromWireName(name).orElse(null);
        if (role == null) {
            Problem.send(routing, 400, "Invalid body", "The body must be {\"role\": R} with R one of viewer, commenter,"
                    + " editor and owner", Problem.BADLY_FORMED);
            return;
        }
        if (UserIds.EVERYONE.equals(user) && role == Role.OWNER) {
            Problem.send(routing, 400, "Invalid role", "Everyone ('*') may be at most editor; owners are named users", Problem.BADLY_FORMED);
            return;
        }
        change(routing, user, role);
    }

    private void remove(RoutingContext routing) {
        change(routing, routing.pathParam("user"), null);
    }

    private void change(RoutingContext routing, String user, Role role) {
        String collection = routing.pathParam("collection");
        String docId = routing.pathParam("id");
        access.changeGrant(collection, docId, user, role, RestApi.userId(routing)).onComplete(result -> {
            if (result.failed()) {
                LOG.error("Changing a grant failed: collection={} docId={}", collection, docId, result.cause());
                Problem.send(routing, 503, "Grant not changed", "The grant could not be stored; retry later", Problem.UNAVAILABLE);
                return;
            }
            switch (result.result()) {
                case CHANGED -> routing.response().setStatusCode(204).end();
                case NOT_FOUND -> Problem.send(routing, 404, "Grant not found", "User " + user + " has no grant on "
                        + collection + "/" + docId, Problem.NOT_FOUND);
                case LAST_OWNER -> Problem.send(routing, 409, "Last owner", "A document keeps at least one owner; make"
                        + " another user owner first", Problem.LAST_OWNER);
            }
        });
    }

    /** {@code GET /api/v1/documents?collection=&cursor=&limit=}: the documents the user has a role on. */
    private void visible(RoutingContext routing) {
        String collection = routing.queryParams().get("collection");
        if (collection != null && collection.isEmpty()) {
            collection = null;
        }
        int limit;
        String[] after;
        try {
            String limitParam = routing.queryParams().get("limit");
            limit = limitParam == null ? DEFAULT_PAGE_SIZE : Integer.parseInt(limitParam);
            if (limit < 1 || limit > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException("'limit' must be between 1 and " + MAX_PAGE_SIZE);
            }
            after = decodeCursor(routing.queryParams().get("cursor"));
        } catch (NumberFormatException e) {
            Problem.send(routing, 400, "Invalid query", "'limit' must be an integer", Problem.BADLY_FORMED);
            return;
        } catch (IllegalArgumentException e) {
            Problem.send(routing, 400, "Invalid query", e.getMessage(), Problem.BADLY_FORMED);
            return;
        }
        int pageSize = limit;
        store.visible(RestApi.userId(routing), collection, after[0], after[1], pageSize + 1).onComplete(result -> {
            if (result.failed()) {
                LOG.error("Listing documents failed", result.cause());
                Problem.send(routing, 503, "Listing failed", "The documents could not be listed; retry later", Problem.UNAVAILABLE);
                return;
            }
            var rows = result.result();
            JsonArray page = new JsonArray();
            for (GrantStore.VisibleDocument row : rows.subList(0, Math.min(pageSize, rows.size()))) {
                page.add(new JsonObject().put("collection", row.collection()).put("id", row.docId())
                        .put("role", row.role().wireName()));
            }
            JsonObject body = new JsonObject().put("documents", page);
            if (rows.size() > pageSize) {
                GrantStore.VisibleDocument last = rows.get(pageSize - 1);
                body.put("cursor", encodeCursor(last.collection(), last.docId()));
            }
            json(routing, 200, body);
        });
    }

    /** The cursor is opaque to clients: the last (collection, id) of the previous page, base64url-encoded JSON. */
    static String encodeCursor(String collection, String docId) {
        byte[] json = new JsonArray().add(collection).add(docId).encode().getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json);
    }

    static String[] decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return new String[] {"", ""};
        }
        try {
            JsonArray position = new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            return new String[] {position.getString(0), position.getString(1)};
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'cursor' is not a cursor from a previous page");
        }
    }

    private static void json(RoutingContext routing, int status, JsonObject body) {
        routing.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
