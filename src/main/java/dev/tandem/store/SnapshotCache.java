package dev.tandem.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest snapshot of active documents in Redis, a cache and never the source of truth.
 *
 * <p>Each document is one hash at {@code tandem:snap:<collection>/<docId>} with field {@code v}
 * (the version, zero-padded to 20 digits so that Lua compares it as a string without the rounding
 * of Lua numbers) and field {@code b} (the {@link SnapshotCodec} bytes). A Lua script writes both
 * atomically and skips the write when the stored version is the same or newer. Reads and writes
 * reset the idle expiry.
 *
 * <p>Redis failures and timeouts never fail a caller: {@link #get} then returns {@code null} (a
 * miss) and {@link #put} succeeds, whether or not the value was written. The first failed call
 * logs the lost connection at WARN. From then on calls skip Redis for a back-off that doubles from
 * {@value #INITIAL_BACKOFF_MILLIS} ms to {@value #MAX_BACKOFF_MILLIS} ms, with one probe call at the
 * end of each, and the first call that Redis replies to logs the reconnection at INFO. Other failures,
 * such as a corrupt entry, are logged at WARN, at most once per {@value #WARN_INTERVAL_MILLIS} ms
 * with a count of the ones held back.
 *
 * <p>The cache may miss writes during an outage, or hold an old version after one, so readers must
 * check a cached snapshot against the op log's versions before they use it.
 */
public final class SnapshotCache {

    private static final Logger log = LoggerFactory.getLogger(SnapshotCache.class);

    static final String KEY_PREFIX = "tandem:snap:";
    static final long WARN_INTERVAL_MILLIS = 30_000;
    static final long INITIAL_BACKOFF_MILLIS = 250;
    static final long MAX_BACKOFF_MILLIS = 2_000;

    /** The failure of a call skipped during a back-off; it is expected and not logged. */
    private static final Exception SKIPPED = new Exception("Redis call skipped during the reconnect back-off", null,
            false, false) {
    };

    private static final String PUT_SCRIPT = """
            local current = redis.call('HGET', KEYS[1], 'v')
            if current and current >= ARGV[1] then
              redis.call('EXPIRE', KEYS[1], ARGV[3])
              return 0
            end
            redis.call('HSET', KEYS[1], 'v', ARGV[1], 'b', ARGV[2])
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    private static final String GET_SCRIPT = """
            local value = redis.call('HGET', KEYS[1], 'b')
            if value then
              redis.call('EXPIRE', KEYS[1], ARGV[1])
            end
            return value
            """;

    private static final String PUT_SHA = sha1Hex(PUT_SCRIPT);
    private static final String GET_SHA = sha1Hex(GET_SCRIPT);

    /**
     * Settings of the cache.
     *
     * @param idleTtlSeconds seconds after the last read or write at which Redis drops an entry
     * @param compressThresholdBytes encoded sizes above this are compressed with LZ4
     * @param timeoutMillis time after which a Redis call counts as failed
     */
    public record Options(long idleTtlSeconds, int compressThresholdBytes, long timeoutMillis) {

        public static final int DEFAULT_COMPRESS_THRESHOLD_BYTES = 4096;

        public Options {
            if (idleTtlSeconds < 1) {
                throw new IllegalArgumentException("idleTtlSeconds must be >= 1: " + idleTtlSeconds);
            }
            if (compressThresholdBytes < 0) {
                throw new IllegalArgumentException("compressThresholdBytes must be >= 0: " + compressThresholdBytes);
            }
            if (timeoutMillis < 1) {
                throw new IllegalArgumentException("timeoutMillis must be >= 1: " + timeoutMillis);
            }
        }

        /** Returns options with a one-hour idle expiry, compression above 4 KiB and a two-second timeout. */
        public static Options defaults() {
            return new Options(3_600, DEFAULT_COMPRESS_THRESHOLD_BYTES, 2_000);
        }
    }

    private final Redis redis;
    private final Options options;
    private final SnapshotCodec codec;
    private final LogThrottle warnThrottle = new LogThrottle(WARN_INTERVAL_MILLIS);
    private final ReconnectBackoff backoff = new ReconnectBackoff(INITIAL_BACKOFF_MILLIS, MAX_BACKOFF_MILLIS);

    /** Uses a client the caller created and closes. */
    public SnapshotCache(Redis redis, Options options) {
        this.redis = redis;
        this.options = options;
        this.codec = new SnapshotCodec(options.compressThresholdBytes());
    }

    /**
     * Creates a pooled client for a URL such as {@code redis://127.0.0.1:6379}. The pool opens a new
     * connection when a call finds none, so the cache recovers by itself once Redis is back.
     */
    public static Redis createClient(Vertx vertx, String redisUrl, Options options) {
        RedisOptions redisOptions = new RedisOptions()
                .setConnectionString(redisUrl)
                .setMaxPoolSize(8)
                .setMaxPoolWaiting(256);
        redisOptions.getNetClientOptions().setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.timeoutMillis()));
        return Redis.createClient(vertx, redisOptions);
    }

    /** Returns the cached snapshot, or {@code null} on a miss, a corrupt entry or a Redis failure. */
    public Future<Snapshot> get(String collection, String docId) {
        String key = key(collection, docId);
        return evalScript(GET_SHA, GET_SCRIPT, key, Buffer.buffer(Long.toString(options.idleTtlSeconds())))
                .map(response -> response == null ? null : decode(response.toBuffer(), collection, docId))
                .recover(failure -> {
                    warnUnlessOutage("read", collection, docId, failure);
                    return Future.succeededFuture(null);
                });
    }

    /**
     * Stores the snapshot unless the cache already has the same or a newer version of the document.
     * The future always succeeds, because a failed write only costs a later cache miss.
     */
    public Future<Void> put(Snapshot snapshot) {
        Buffer value;
        try {
            value = codec.encode(snapshot);
        } catch (RuntimeException e) {
            warn("encode", snapshot.collection(), snapshot.docId(), e);
            return Future.succeededFuture();
        }
        return evalScript(PUT_SHA, PUT_SCRIPT, key(snapshot.collection(), snapshot.docId()),
                        Buffer.buffer(String.format("%020d", snapshot.version())),
                        value,
                        Buffer.buffer(Long.toString(options.idleTtlSeconds())))
                .<Void>mapEmpty()
                .recover(failure -> {
                    warnUnlessOutage("write", snapshot.collection(), snapshot.docId(), failure);
                    return Future.succeededFuture();
                });
    }

    static String key(String collection, String docId) {
        return KEY_PREFIX + collection + "/" + docId;
    }

    private Snapshot decode(Buffer value, String collection, String docId) {
        try {
            return codec.decode(value, collection, docId);
        } catch (IllegalArgumentException e) {
            warn("decode", collection, docId, e);
            return null;
        }
    }

    /** Runs a script by its SHA-1 and sends its source only when Redis does not have it cached yet. */
    private Future<Response> evalScript(String sha, String script, String key, Buffer... args) {
        if (!backoff.allows(System.currentTimeMillis())) {
            return Future.failedFuture(SKIPPED);
        }
        return send(scriptRequest(Command.EVALSHA, sha, key, args))
                .recover(failure -> {
                    String message = failure.getMessage();
                    if (message != null && message.startsWith("NOSCRIPT")) {
                        return send(scriptRequest(Command.EVAL, script, key, args));
                    }
                    return Future.failedFuture(failure);
                })
                .andThen(result -> recordReachability(result.failed() ? result.cause() : null));
    }

    /**
     * Tracks whether Redis replies and logs the transitions. An error reply, such as a script
     * error, still counts as a reply, because only failures to reach Redis start the back-off.
     */
    private void recordReachability(Throwable failure) {
        if (failure == null || failure instanceof Response) {
            if (backoff.recordSuccess() == ReconnectBackoff.Transition.RESTORED) {
                log.atInfo().addKeyValue("outageMillis", System.currentTimeMillis() - backoff.downSinceMillis())
                        .log("Redis connection restored; the snapshot cache is in use again");
            }
            return;
        }
        if (backoff.recordFailure(System.currentTimeMillis()) == ReconnectBackoff.Transition.LOST) {
            log.atWarn().addKeyValue("error", String.valueOf(failure))
                    .addKeyValue("retryAfterMillis", backoff.delayMillis())
                    .log("Redis connection lost; the snapshot cache is skipped and Redis retried with back-off");
        }
    }

    private Future<Response> send(Request request) {
        return redis.send(request).timeout(options.timeoutMillis(), TimeUnit.MILLISECONDS);
    }

    private static Request scriptRequest(Command command, String shaOrScript, String key, Buffer... args) {
        Request request = Request.cmd(command).arg(shaOrScript).arg(1).arg(key);
        for (Buffer arg : args) {
            request.arg(arg);
        }
        return request;
    }

    /** Warns about a failed call, except for the outage that {@link #recordReachability} already logged. */
    private void warnUnlessOutage(String operation, String collection, String docId, Throwable failure) {
        if (failure == SKIPPED || !(failure instanceof Response) && backoff.delayMillis() > 0) {
            return;
        }
        warn(operation, collection, docId, failure);
    }

    private void warn(String operation, String collection, String docId, Throwable failure) {
        long heldBack = warnThrottle.acquire(System.currentTimeMillis());
        if (heldBack < 0) {
            return;
        }
        log.atWarn()
                .addKeyValue("operation", operation)
                .addKeyValue("collection", collection)
                .addKeyValue("docId", docId)
                .addKeyValue("warningsNotLogged", heldBack)
                .addKeyValue("error", String.valueOf(failure))
                .log("Snapshot cache {} failed, so this call goes on without the cache", operation);
    }

    private static String sha1Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-1, which every Java platform must provide", e);
        }
    }
}
