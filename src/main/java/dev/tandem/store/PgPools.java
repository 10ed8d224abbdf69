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

    private PgPools() {
    }

    /**
     * Creates a pool for a URL such as {@code postgresql://user:password@host:port/db}, with
     * pipelining on. Creating the pool opens no connection; the first query does.
     *
     * @param maxSize maximum number of open connections
     * @param connectTimeoutMillis how long opening one connection may take before it fails
     */
    public static Pool create(Vertx vertx, String url, int maxSize, int connectTimeoutMillis) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be >= 1: " + maxSize);
        }
        PgConnectOptions connectOptions = PgConnectOptions.fromUri(url);
        connectOptions.setPipeliningLimit(PIPELINING_LIMIT);
        PoolOptions poolOptions = new PoolOptions().setMaxSize(maxSize);
        NetClientOptions netOptions = new NetClientOptions().setConnectTimeout(connectTimeoutMillis);
        return PgBuilder.pool()
                .with(poolOptions)
                .with(netOptions)
                .connectingTo(connectOptions)
                .using(vertx)
                .build();
    }

    /** Creates a pool with a 10-second connect timeout. */
    public static Pool create(Vertx vertx, String url, int maxSize) {
        return create(vertx, url, maxSize, 10_000);
    }
}
