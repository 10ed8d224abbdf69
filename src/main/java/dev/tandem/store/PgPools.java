package dev.tandem.store;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds PostgreSQL connection pools. */
public final class PgPools {

    /** Maximum number of requests sent on one connection before their replies arrive. */
    public static final int PIPELINING_LIMIT = 256;
    /** Default of {@code TANDEM_PG_IDLE_IN_TRANSACTION_TIMEOUT_MILLIS}. */
    public static final int DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MILLIS = 5000;

    private PgPools() {
    }

    /**
     * Creates a pool for a URL such as {@code postgresql://user:password@host:port/db}, with
     * pipelining on. Creating the pool opens no connection; the first query does.
     *
     * <p>Each session sets PostgreSQL's {@code idle_in_transaction_session_timeout}, so the server
     * ends a session that stays idle inside a transaction for longer than that. A node that hangs
     * between its group commit's INSERT and COMMIT keeps its session open and its uncommitted op
     * rows locked. The document's next owner, whose INSERT of the same versions waits on those
     * locks, would stall until the hung node resumes. The ended transaction had acknowledged
     * nothing, so no acknowledged op is lost.
     *
     * @param maxSize maximum number of open connections
     * @param connectTimeoutMillis how long opening one connection may take before it fails
     * @param idleInTransactionTimeoutMillis the timeout in milliseconds, or 0 to keep the server's
     *     own setting
     */
    public static Pool create(Vertx vertx, String url, int maxSize, int connectTimeoutMillis,
            int idleInTransactionTimeoutMillis) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be >= 1: " + maxSize);
        }
        PgConnectOptions connectOptions = PgConnectOptions.fromUri(url);
        connectOptions.setPipeliningLimit(PIPELINING_LIMIT);
        if (idleInTransactionTimeoutMillis > 0) {
            // Sent in the startup message, which sets any run-time parameter for the session.
            connectOptions.addProperty("idle_in_transaction_session_timeout", Integer.toString(idleInTransactionTimeoutMillis));
        }
        PoolOptions poolOptions = new PoolOptions().setMaxSize(maxSize);
        NetClientOptions netOptions = new NetClientOptions().setConnectTimeout(connectTimeoutMillis);
        return PgBuilder.pool()
                .with(poolOptions)
                .with(netOptions)
                .connectingTo(connectOptions)
                .using(vertx)
                .build();
    }

    /** Creates a pool with a 10-second connect timeout and the default idle-in-transaction timeout. */
    public static Pool create(Vertx vertx, String url, int maxSize) {
        return create(vertx, url, maxSize, 10_000, DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MILLIS);
    }
}
