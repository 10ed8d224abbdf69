package dev.tandem.http;

import dev.tandem.auth.AccessControl;
import dev.tandem.auth.AccessDeniedException;
import dev.tandem.auth.Authenticator;
import dev.tandem.auth.GrantStore;
import dev.tandem.auth.Permission;
import dev.tandem.auth.Principal;
import dev.tandem.auth.Unauthorized;
import dev.tandem.document.DocumentClient;
import dev.tandem.document.DocumentHistory;
import dev.tandem.document.OpJson;
import dev.tandem.ot.TypeRegistry;
import dev.tandem.session.ConnectionLimits;
import dev.tandem.session.ErrorCode;
import dev.tandem.session.Identifiers;
import dev.tandem.session.ProtocolException;
import dev.tandem.session.UserQuotas;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api/v1}: create a document, read it now or at a version or time, and
 * read its ops; its grants are under {@link AclApi}. Every request is authenticated first
 * ({@code Authorization: Bearer} in jwt mode, {@code X-Tandem-User} in dev mode) and each route
 * checks the user's role on the document.
 */
public final class RestApi {

    private static final Logger LOG = LoggerFactory.getLogger(RestApi.class);
    /** Routing-context key of the authenticated {@link Principal}. */
    static final String PRINCIPAL_KEY = "tandem.principal";

    private final DocumentClient documents;
    private final DocumentHistory history;
    private final TypeRegistry types;
    private final long maxBodyBytes;
    private final Authenticator authenticator;
    private final AccessControl access;
    private final GrantStore grants;
    private final long maxOpBytes;
    private final UserQuotas userQuotas;

    /** Creates the API; a create counts as an op against {@code maxOpBytes} and the user's op rate. */
    public RestApi(DocumentClient documents, DocumentHistory history, TypeRegistry types, long maxBodyBytes,
            Authenticator authenticator, AccessControl access, GrantStore grants, long maxOpBytes,
            UserQuotas userQuotas) {
        this.authenticator = authenticator;
        this.grants = grants;
        this.access = access;
        this.documents = documents;
        this.history = history;
        this.types = types;
        this.maxBodyBytes = maxBodyBytes;
        this.maxOpBytes = maxOpBytes;
        this.userQuotas = userQuotas;
    }

    public void mount(Router router) {
        String base = "/api/v1/documents/:collection/:id";
        router.route("/api/v1/*").handler(RestApi::rejectFormBodies);
        router.route("/api/v1/*").handler(this::authenticate);
        router.route(base).handler(this::checkIdentifiers);
        router.route(base + "/ops").handler(this::checkIdentifiers);
        router.route(base + "/acl").handler(this::checkIdentifiers);
        router.route(base + "/acl/:user").handler(this::checkIdentifiers);
        router.post(base).handler(BodyHandler.create().setBodyLimit(maxBodyBytes)).handler(this::create);
        router.get(base).handler(routing -> requireThen(routing, Permission.READ, this::read));
        router.get(base + "/ops").handler(routing -> requireThen(routing, Permission.READ, this::readOps));
        new AclApi(access, grants).mount(router, base, this::requireThen);
    }

    /**
     * Replies 415 to a form-encoded body, which is what {@code curl -d} sends by default. Vert.x
     * would decode it as a form and reply with a bare 400 once the JSON text exceeds a form field's
     * size limit. Every body of this API is JSON.
     */
    private static void rejectFormBodies(RoutingContext routing) {
        String type = routing.request().getHeader("Content-Type");
        String lower = type == null ? "" : type.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/form-data")) {
            Problem.send(routing, 415, "Unsupported media type", "Send the body as application/json, not " + type,
                    Problem.BADLY_FORMED);
            return;
        }
        routing.next();
    }

    private void authenticate(RoutingContext routing) {
        routing.request().pause();
        authenticator.authenticate(routing.request()).onComplete(result -> {
            routing.request().resume();
            if (result.failed()) {
                Unauthorized.send(routing, result.cause());
                return;
            }
            routing.put(PRINCIPAL_KEY, result.result());
            routing.next();
        });
    }

    static String userId(RoutingContext routing) {
        Principal principal = routing.get(PRINCIPAL_KEY);
        return principal.userId();
    }

    /** Runs {@code next} when the user has the permission on the path's document, else sends 403. */
    void requireThen(RoutingContext routing, Permission permission, io.vertx.core.Handler<RoutingContext> next) {
        String collection = routing.pathParam("collection");
        String docId = routing.pathParam("id");
        String user = userId(routing);
        // A document with no grants may have been created a moment ago on another node whose change
        // message has not arrived yet, so its grants are read again before a read is allowed.
        access.require(user, collection, docId, permission).compose(grants -> grants.unclaimed()
                ? access.reload(collection, docId).compose(fresh -> access.require(user, collection, docId, permission))
                : Future.succeededFuture(grants)).onComplete(result -> {
            if (result.succeeded()) {
                next.handle(routing);
            } else {
                denied(routing, result.cause());
            }
        });
    }

    /** Sends 403 for a denial, or the usual error for a failed check. */
    static void denied(RoutingContext routing, Throwable err) {
        if (err instanceof AccessDeniedException denial) {
            Problem.send(routing, 403, "Forbidden", denial.getMessage(), switch (denial.permission()) {
                case READ, MANAGE_GRANTS -> ErrorCode.ERR_DOC_READ_UNAUTHORIZED.name();
                case PRESENCE -> ErrorCode.ERR_PRESENCE_UNAUTHORIZED.name();
                case EDIT, DELETE -> ErrorCode.ERR_OP_SUBMIT_UNAUTHORIZED.name();
            });
            return;
        }
        LOG.error("Access check failed: path={}", routing.normalizedPath(), err);
        Problem.send(routing, 503, "Access check failed", "The document's grants could not be read; retry later", Problem.UNAVAILABLE);
    }

    /** Rejects a collection or id that the protocol would reject, before any other handler runs. */
    private void checkIdentifiers(RoutingContext routing) {
        String collectionProblem = Identifiers.collectionProblem(routing.pathParam("collection"));
        if (collectionProblem != null) {
            Problem.send(routing, 400, "Invalid collection", "The collection " + collectionProblem, Problem.BADLY_FORMED);
            return;
        }
        String idProblem = Identifiers.docIdProblem(routing.pathParam("id"));
        if (idProblem != null) {
            Problem.send(routing, 400, "Invalid document id", "The document id " + idProblem, Problem.BADLY_FORMED);
            return;
        }
        routing.next();
    }

    private void create(RoutingContext routing) {
        JsonObject body;
        try {
            body = routing.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            Problem.send(routing, 400, "Invalid body", "The body must be a JSON object {type, data}", Problem.BADLY_FORMED);
            return;
        }
        if (body == null || !(body.getValue("type") instanceof String typeName)) {
            Problem.send(routing, 400, "Invalid body", "The body must be a JSON object with a string 'type'", Problem.BADLY_FORMED);
            return;
        }
        if (types.find(typeName).isEmpty()) {
            Problem.send(routing, 400, "Unknown type", "Unknown type: " + typeName,
                    ErrorCode.ERR_DOC_TYPE_NOT_RECOGNIZED.name());
            return;
        }
        String collection = routing.pathParam("collection");
        String docId = routing.pathParam("id");
        Object data = OpJson.JsonPlain.toPlain(body.getValue("data"));
        try {
            ConnectionLimits.checkOpSize(data, maxOpBytes);
        } catch (ProtocolException e) {
            fail(routing, e);
            return;
        }
        String user = userId(routing);
        if (!userQuotas.tryTakeOp(user, System.nanoTime())) {
            routing.response().putHeader("Retry-After", "1");
            Problem.send(routing, 429, "Too many requests", "Too many ops by this user; retry in a second",
                    ErrorCode.ERR_RATE_LIMIT_EXCEEDED.name());
            return;
        }
        JsonObject request = new JsonObject().put("c", collection).put("d", docId).put("v", null)
                .put("kind", "create").put("type", types.find(typeName).get().uri())
                .put("body", data)
                .put("src", "rest-" + UUID.randomUUID()).put("seq", 1).put("user", user);
        access.requireCreate(user, collection, docId).compose(grants -> documents.submit(request))
                .onComplete(result -> {
            if (result.failed() && result.cause() instanceof AccessDeniedException) {
                denied(routing, result.cause());
                return;
            }
            if (result.failed()) {
                fail(routing, result.cause());
                return;
            }
            JsonObject reply = result.result();
            JsonObject error = reply.getJsonObject("error");
            if (error != null) {
                fail(routing, new ProtocolException(ErrorCode.valueOf(error.getString("code")), error.getString("message")));
                return;
            }
            access.documentCreated(collection, docId);
            documents.fetch(collection, docId).onComplete(snapshot -> {
                if (snapshot.failed()) {
                    fail(routing, snapshot.cause());
                    return;
                }
                routing.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                        .putHeader("Location", "/api/v1/documents/" + collection + "/" + docId)
                        .end(snapshot.result().encode());
            });
        });
    }

    private void read(RoutingContext routing) {
        String collection = routing.pathParam("collection");
        String docId = routing.pathParam("id");
        String version = routing.queryParams().get("version");
        String at = routing.queryParams().get("at");
        Future<JsonObject> snapshot;
        try {
            if (version != null && at != null) {
                Problem.send(routing, 400, "Invalid query", "Give either 'version' or 'at', not both", Problem.BADLY_FORMED);
                return;
            }
            if (version != null) {
                snapshot = history.snapshotAt(collection, docId, nonNegative(version, "version")).map(s ->
                        new JsonObject().put("v", s.version()).put("type", s.typeUri()).put("data", s.data()));
            } else if (at != null) {
                snapshot = history.snapshotAtTime(collection, docId, timestamp(at)).map(s ->
                        new JsonObject().put("v", s.version()).put("type", s.typeUri()).put("data", s.data()));
            } else {
                snapshot = documents.fetch(collection, docId);
            }
        } catch (IllegalArgumentException e) {
            Problem.send(routing, 400, "Invalid query", e.getMessage(), Problem.BADLY_FORMED);
            return;
        }
        snapshot.onComplete(result -> {
            if (result.failed()) {
                fail(routing, result.cause());
                return;
            }
            JsonObject json = result.result();
            // A document that never existed is not found. A deleted one has a version, so it is
            // returned with a null type, as the protocol returns it.
            if (json.getString("type") == null && json.getLong("v") == 0) {
                Problem.send(routing, 404, "Document not found", "Document " + collection + "/" + docId
                        + " does not exist", ErrorCode.ERR_DOC_DOES_NOT_EXIST.name());
                return;
            }
            String owner = documents.ownerOf(collection, docId);
            if (owner != null) {
                // Names the node that sequences the document, for operators and fault tests.
                routing.response().putHeader("X-Tandem-Owner", owner);
            }
            routing.response().putHeader("Content-Type", "application/json").putHeader("ETag", "\"" + json.getLong("v") + "\"")
                    .end(json.encode());
        });
    }

    private void readOps(RoutingContext routing) {
        long from;
        long to;
        try {
            String fromParam = routing.queryParams().get("from");
            String toParam = routing.queryParams().get("to");
            from = fromParam == null ? 0 : nonNegative(fromParam, "from");
            to = toParam == null ? Long.MAX_VALUE : nonNegative(toParam, "to");
            if (to < from) {
                throw new IllegalArgumentException("'to' must not be below 'from'");
            }
        } catch (IllegalArgumentException e) {
            Problem.send(routing, 400, "Invalid query", e.getMessage(), Problem.BADLY_FORMED);
            return;
        }
        history.ops(routing.pathParam("collection"), routing.pathParam("id"), from, to).onComplete(result -> {
            if (result.failed()) {
                fail(routing, result.cause());
                return;
            }
            routing.response().putHeader("Content-Type", "application/json").end(OpJson.toJson(result.result()).encode());
        });
    }

    private void fail(RoutingContext routing, Throwable err) {
        if (err instanceof ProtocolException protocol) {
            int status = switch (protocol.code()) {
                case ERR_DOC_ALREADY_CREATED -> 409;
                case ERR_DOC_DOES_NOT_EXIST -> 404;
                case ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT -> 404;
                case ERR_SUBMIT_TRANSFORM_OPS_NOT_FOUND -> 410;
                case ERR_SERVER_OVERLOADED -> 503;
                case ERR_UNKNOWN_ERROR -> 503;
                case ERR_DOCUMENT_TOO_LARGE, ERR_OP_TOO_LARGE -> 413;
                case ERR_TOO_MANY_OPS -> 400;
                case ERR_RATE_LIMIT_EXCEEDED -> 429;
                default -> 400;
            };
            Problem.send(routing, status, "Request rejected", protocol.getMessage(), protocol.code().name());
            return;
        }
        LOG.error("REST request failed: path={}", routing.normalizedPath(), err);
        Problem.send(routing, 500, "Internal error", "The request was not completed", Problem.INTERNAL);
    }

    private static long nonNegative(String value, String name) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new IllegalArgumentException("'" + name + "' must not be negative");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be an integer, got '" + value + "'");
        }
    }

    /** Accepts milliseconds since the epoch or an ISO-8601 instant such as 2026-12-04T20:00:00Z. */
    private static long timestamp(String value) {
        long millis;
        try {
            millis = Long.parseLong(value);
        } catch (NumberFormatException e) {
            try {
                millis = java.time.Instant.parse(value).toEpochMilli();
            } catch (java.time.format.DateTimeParseException | ArithmeticException parse) {
                throw new IllegalArgumentException("'at' must be milliseconds since the epoch or an ISO-8601 instant"
                        + " after 1970, got '" + value + "'");
            }
        }
        if (millis < 0) {
            throw new IllegalArgumentException("'at' must not be before 1970, got '" + value + "'");
        }
        return millis;
    }
}
