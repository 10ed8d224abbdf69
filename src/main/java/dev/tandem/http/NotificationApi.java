package dev.tandem.http;

import dev.tandem.notification.Inbox;
import dev.tandem.notification.Notification;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox routes of the authenticated user: {@code GET /api/v1/notifications} lists their
 * notifications newest first, a page at a time, and {@code POST /api/v1/notifications/read} marks
 * some or all of them read. Nobody can read or mark another user's notifications. Mount after
 * {@link RestApi}, whose handler authenticates every {@code /api/v1} request.
 */
public final class NotificationApi {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationApi.class);
    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 500;
    /** Ids one mark-read request may name; enough for any page. */
    private static final int MAX_IDS = 1000;
    private static final long MAX_BODY_BYTES = 64 * 1024;

    private final Inbox inbox;
    private final Clock clock;

    public NotificationApi(Inbox inbox, Clock clock) {
        this.inbox = inbox;
        this.clock = clock;
    }

    public void mount(Router router) {
        router.get("/api/v1/notifications").handler(this::list);
        router.post("/api/v1/notifications/read").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES))
                .handler(this::markRead);
    }

    /** {@code ?unread=true|false&cursor=&limit=}; the cursor is the {@code cursor} of the previous page. */
    private void list(RoutingContext routing) {
        boolean unreadOnly;
        int limit;
        long beforeId;
        try {
            unreadOnly = flag(routing.queryParams().get("unread"));
            limit = pageSize(routing.queryParams().get("limit"));
            beforeId = cursor(routing.queryParams().get("cursor"));
        } catch (IllegalArgumentException e) {
            Problem.send(routing, 400, "Invalid query", e.getMessage(), Problem.BADLY_FORMED);
            return;
        }
        inbox.page(RestApi.userId(routing), unreadOnly, beforeId, limit + 1).onComplete(result -> {
            if (result.failed()) {
                LOG.error("Listing notifications failed", result.cause());
                Problem.send(routing, 503, "Listing failed", "The notifications could not be read; retry later", Problem.UNAVAILABLE);
                return;
            }
            List<Notification> rows = result.result();
            JsonArray page = new JsonArray();
            rows.subList(0, Math.min(limit, rows.size())).forEach(n -> page.add(n.toJson()));
            JsonObject body = new JsonObject().put("notifications", page);
            if (rows.size() > limit) {
                body.put("cursor", Long.toString(rows.get(limit - 1).id()));
            }
            routing.response().putHeader("Content-Type", "application/json").end(body.encode());
        });
    }

    /** Body {@code {"ids": [1, 2]}} or {@code {"all": true}}; returns {@code {"marked": N}}, the count that were unread. */
    private void markRead(RoutingContext routing) {
        JsonObject body;
        try {
            body = routing.body().asJsonObject();
        } catch (DecodeException | ClassCastException e) {
            body = null;
        }
        String user = RestApi.userId(routing);
        long now = clock.millis();
        Future<Integer> marked;
        if (body != null && Boolean.TRUE.equals(body.getValue("all")) && !body.containsKey("ids")) {
            marked = inbox.markAllRead(user, now);
        } else if (body != null && body.getValue("ids") instanceof JsonArray ids && !body.containsKey("all")) {
            List<Long> parsed = ids(ids);
            if (parsed == null) {
                Problem.send(routing, 400, "Invalid body", "'ids' must be a list of at most " + MAX_IDS
                        + " notification ids (positive integers)", Problem.BADLY_FORMED);
                return;
            }
            marked = inbox.markRead(user, parsed, now);
        } else {
            Problem.send(routing, 400, "Invalid body", "The body must be {\"ids\": [ID, ...]} or {\"all\": true}", Problem.BADLY_FORMED);
            return;
        }
        marked.onComplete(result -> {
            if (result.failed()) {
                LOG.error("Marking notifications read failed", result.cause());
                Problem.send(routing, 503, "Not marked", "The notifications could not be marked read; retry later", Problem.UNAVAILABLE);
                return;
            }
            routing.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("marked", result.result()).encode());
        });
    }

    private static List<Long> ids(JsonArray ids) {
        if (ids.size() > MAX_IDS) {
            return null;
        }
        List<Long> parsed = new ArrayList<>(ids.size());
        for (Object id : ids) {
            if (!(id instanceof Integer || id instanceof Long) || ((Number) id).longValue() < 1) {
                return null;
            }
            parsed.add(((Number) id).longValue());
        }
        return parsed;
    }

    private static boolean flag(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw new IllegalArgumentException("'unread' must be true or false, got '" + value + "'");
    }

    private static int pageSize(String value) {
        if (value == null) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // Reported below with the accepted range.
        }
        throw new IllegalArgumentException("'limit' must be an integer between 1 and " + MAX_PAGE_SIZE + ", got '" + value + "'");
    }

    private static long cursor(String value) {
        if (value == null || value.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new IllegalArgumentException("'cursor' is not a cursor from a previous page");
    }
}
