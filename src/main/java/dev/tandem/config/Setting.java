package dev.tandem.config;

/**
 * One configuration key: its path in {@code conf/tandem.yaml}, the environment variable that
 * overrides it, its default and what it sets. The README's configuration table lists these.
 */
public enum Setting {
    HTTP_HOST("http.host", "TANDEM_HTTP_HOST", "0.0.0.0", "Interface the HTTP, WebSocket and SockJS server listens on."),
    HTTP_PORT("http.port", "TANDEM_HTTP_PORT", "8080", "Port of the HTTP, WebSocket and SockJS server."),
    HTTP_INSTANCES("http.instances", "TANDEM_HTTP_INSTANCES", "0",
            "Session verticles sharing the HTTP port, each on its own event loop; 0 means one per CPU core."),
    WS_FLUSH_INTERVAL_MICROS("websocket.flushIntervalMicros", "TANDEM_WS_FLUSH_INTERVAL_MICROS", "0",
            "Least time between two flushes of a session event loop's WebSocket writes; a longer one sends"
                    + " the ops of more group commits per write system call and delays each by up to that much."),
    PG_URL("postgres.url", "TANDEM_PG_URL", "",
            "PostgreSQL URL such as postgresql://user:password@host:5432/db; empty starts an embedded server."),
    PG_POOL_SIZE("postgres.poolSize", "TANDEM_PG_POOL_SIZE", "8", "Maximum PostgreSQL connections of a node."),
    PG_IDLE_IN_TRANSACTION_TIMEOUT_MILLIS("postgres.idleInTransactionTimeoutMillis",
            "TANDEM_PG_IDLE_IN_TRANSACTION_TIMEOUT_MILLIS", "5000",
            "PostgreSQL ends a node's session that waits this long inside a transaction, such as a node hung"
                    + " mid-commit, so its row locks stop blocking the document's next owner; 0 turns this off."),
    REDIS_URL("redis.url", "TANDEM_REDIS_URL", "", "Redis URL such as redis://host:6379; empty starts an embedded server."),
    DATA_DIR("dataDir", "TANDEM_DATA_DIR", "./data", "Directory of the embedded PostgreSQL data and other local state."),
    EMBEDDED_PG_PORT("embedded.postgresPort", "TANDEM_EMBEDDED_PG_PORT", "0",
            "Port of the embedded PostgreSQL; 0 picks a free one."),
    EMBEDDED_REDIS_PORT("embedded.redisPort", "TANDEM_EMBEDDED_REDIS_PORT", "0",
            "Port of the embedded Redis; 0 picks a free one."),
    CLUSTER_NAME("cluster.name", "TANDEM_CLUSTER_NAME", "tandem",
            "Hazelcast cluster name; only members with the same name join each other."),
    CLUSTER_HOST("cluster.host", "TANDEM_CLUSTER_HOST", "127.0.0.1",
            "Address Hazelcast and the event bus bind to and advertise."),
    CLUSTER_PORT("cluster.port", "TANDEM_CLUSTER_PORT", "5701", "First Hazelcast member port; the next free one is used if taken."),
    CLUSTER_MEMBERS("cluster.members", "TANDEM_CLUSTER_MEMBERS", "127.0.0.1",
            "Comma-separated Hazelcast members (host or host:port) to join over TCP-IP."),
    CLUSTER_EVENT_BUS_PORT("cluster.eventBusPort", "TANDEM_EVENT_BUS_PORT", "0", "Event-bus TCP port; 0 picks a free one."),
    HEARTBEAT_INTERVAL_SECONDS("cluster.heartbeatIntervalSeconds", "TANDEM_HEARTBEAT_INTERVAL_SECONDS", "1",
            "Interval of Hazelcast member heartbeats."),
    MAX_NO_HEARTBEAT_SECONDS("cluster.maxNoHeartbeatSeconds", "TANDEM_MAX_NO_HEARTBEAT_SECONDS", "5",
            "Seconds without a heartbeat after which a member is declared dead."),
    TEST_EVERY_NODE_OWNS("cluster.testEveryNodeOwnsEveryDocument", "TANDEM_TEST_EVERY_NODE_OWNS", "false",
            "Test hook that simulates a split brain: every node sequences every document. Never set it in production."),
    ENVIRONMENT("environment", "TANDEM_ENV", "development",
            "development or production; production rejects the dev auth mode at start-up."),
    AUTH_MODE("auth.mode", "TANDEM_AUTH_MODE", "dev",
            "jwt: the user is the sub of a verified JWT; dev: the user is named by ?user= or X-Tandem-User, with no"
                    + " proof, for development only."),
    JWT_SECRET("auth.jwt.secret", "TANDEM_JWT_SECRET", "", "HMAC secret of HS256 tokens, at least 32 bytes."),
    JWT_PUBLIC_KEY_FILE("auth.jwt.publicKeyFile", "TANDEM_JWT_PUBLIC_KEY_FILE", "",
            "PEM file of the RSA or EC public key that verifies RS256/384/512 or ES256/384/512 tokens."),
    JWT_JWKS_FILE("auth.jwt.jwksFile", "TANDEM_JWT_JWKS_FILE", "",
            "JSON Web Key Set file ({\"keys\": [...]}) whose public keys verify tokens, chosen by kid and alg."),
    JWT_ISSUER("auth.jwt.issuer", "TANDEM_JWT_ISSUER", "", "Required iss claim; empty accepts any issuer."),
    JWT_AUDIENCE("auth.jwt.audience", "TANDEM_JWT_AUDIENCE", "",
            "Comma-separated audiences; a token's aud must contain one of them. Empty accepts any audience."),
    JWT_CLOCK_SKEW_SECONDS("auth.jwt.clockSkewSeconds", "TANDEM_JWT_CLOCK_SKEW", "30",
            "Seconds of clock difference tolerated when checking exp, nbf and iat."),
    NEW_DOCUMENT_PUBLIC_ROLE("acl.newDocumentPublicRole", "TANDEM_NEW_DOCUMENT_PUBLIC_ROLE", "",
            "Role granted to everyone on a new document: none, viewer, commenter or editor. Empty means editor in dev"
                    + " mode, so that demo users share documents, and none in jwt mode."),
    ACL_CACHE_MAX_DOCUMENTS("acl.cacheMaxDocuments", "TANDEM_ACL_CACHE_MAX_DOCUMENTS", "100000",
            "Documents whose grants a node keeps in memory; the least recently used are dropped beyond it."),
    TEST_AUTH_DELAY_MILLIS("auth.testDelayMillis", "TANDEM_TEST_AUTH_DELAY_MILLIS", "0",
            "Test hook that delays every authentication by this many milliseconds. Never set it in production."),
    MAX_MESSAGE_BYTES("limits.maxMessageBytes", "TANDEM_MAX_MESSAGE_BYTES", "1048576",
            "Largest protocol message a client may send, in bytes of UTF-8."),
    MAX_JSON_DEPTH("limits.maxJsonDepth", "TANDEM_MAX_JSON_DEPTH", "64", "Deepest nesting of arrays and objects in a message."),
    MAX_DOCUMENT_BYTES("limits.maxDocumentBytes", "TANDEM_MAX_DOCUMENT_BYTES", "16777216",
            "Largest snapshot a document may grow to: the bytes of UTF-8 of its strings plus a few for each"
                    + " number, item and key, close to its size as JSON."),
    MAX_OP_BYTES("limits.maxOpBytes", "TANDEM_MAX_OP_BYTES", "524288",
            "Largest op or create data, in bytes of UTF-8 of its JSON; a larger one gets ERR_OP_TOO_LARGE. Must be"
                    + " less than the message size, as an op travels inside a message."),
    MAX_SUBSCRIPTIONS_PER_CONNECTION("limits.maxSubscriptionsPerConnection", "TANDEM_MAX_SUBSCRIPTIONS_PER_CONNECTION",
            "1000", "Most documents, and separately most presence channels, one connection may subscribe to."),
    OPS_PER_SECOND_PER_CONNECTION("limits.opsPerSecondPerConnection", "TANDEM_OPS_PER_SECOND_PER_CONNECTION", "200",
            "Ops a connection may submit per second, with bursts of as many; more get ERR_RATE_LIMIT_EXCEEDED."),
    OPS_PER_SECOND_PER_USER("limits.opsPerSecondPerUser", "TANDEM_OPS_PER_SECOND_PER_USER", "1000",
            "Ops a user may submit per second over all their connections and REST requests to one node."),
    MAX_CONNECTIONS_PER_USER("limits.maxConnectionsPerUser", "TANDEM_MAX_CONNECTIONS_PER_USER", "100",
            "Most WebSocket and SockJS connections one user may hold open on one node."),
    SOCKJS_HEARTBEAT_MILLIS("sockjs.heartbeatMillis", "TANDEM_SOCKJS_HEARTBEAT_MILLIS", "25000",
            "Interval of SockJS heartbeat frames, which keep proxies from closing an idle session."),
    SOCKJS_SESSION_TIMEOUT_MILLIS("sockjs.sessionTimeoutMillis", "TANDEM_SOCKJS_SESSION_TIMEOUT_MILLIS", "30000",
            "A SockJS session whose client has no open receiving request for this long is closed and its state released."),
    ALLOWED_ORIGINS("http.allowedOrigins", "TANDEM_ALLOWED_ORIGINS", "",
            "Comma-separated browser origins (such as https://docs.example.com) allowed to open sessions; empty allows all."),
    MILESTONE_EVERY_OPS("document.milestoneEveryOps", "TANDEM_MILESTONE_EVERY_OPS", "100",
            "A milestone snapshot is stored every this many versions."),
    IDLE_UNLOAD_MILLIS("document.idleUnloadMillis", "TANDEM_IDLE_UNLOAD_MILLIS", "60000",
            "A document with no request for this long is unloaded from memory, after a milestone snapshot."),
    MAX_CATCH_UP_OPS("document.maxCatchUpOps", "TANDEM_MAX_CATCH_UP_OPS", "10000",
            "Most ops an op is transformed across, or a read of ops returns; beyond it the client fetches the document again."),
    SUBMIT_TIMEOUT_MILLIS("document.submitTimeoutMillis", "TANDEM_SUBMIT_TIMEOUT_MILLIS", "30000",
            "An op that cannot be committed within this time, such as while PostgreSQL is down, is rejected."),
    COMMIT_MAX_BATCH_OPS("commit.maxBatchOps", "TANDEM_COMMIT_MAX_BATCH_OPS", "1000", "Most ops written in one group commit."),
    COMMIT_MAX_PENDING_OPS("commit.maxPendingOps", "TANDEM_COMMIT_MAX_PENDING_OPS", "20000",
            "Ops waiting for a commit beyond which new ops are rejected as overload."),
    CACHE_TTL_SECONDS("cache.ttlSeconds", "TANDEM_CACHE_TTL_SECONDS", "3600", "Redis expiry of an idle cached snapshot."),
    CACHE_WRITE_INTERVAL_MILLIS("cache.writeIntervalMillis", "TANDEM_CACHE_WRITE_INTERVAL_MILLIS", "250",
            "Least time between two writes of a document's snapshot to Redis; a load replays the ops stored"
                    + " after the cached version, so a longer one costs replay time. 0 writes after every commit."),
    CACHE_COMPRESS_ABOVE_BYTES("cache.compressAboveBytes", "TANDEM_CACHE_COMPRESS_ABOVE_BYTES", "4096",
            "Cached snapshots larger than this are compressed with LZ4.");

    private final String path;
    private final String environmentVariable;
    private final String defaultValue;
    private final String description;

    Setting(String path, String environmentVariable, String defaultValue, String description) {
        this.path = path;
        this.environmentVariable = environmentVariable;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String path() {
        return path;
    }

    public String environmentVariable() {
        return environmentVariable;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
