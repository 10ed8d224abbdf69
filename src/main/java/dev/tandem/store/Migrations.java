package dev.tandem.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned SQL scripts under {@code db/migration/} on the classpath, in version order,
 * each at most once per database.
 *
 * <p>All scripts that a node applies run in one transaction that first takes a transaction-scoped
 * advisory lock, so nodes starting together apply them one at a time and a node that waits sees the
 * other's rows in {@code schema_migrations} and skips those scripts. A failing script rolls back
 * every script of that run.
 */
public final class Migrations {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** The scripts in version order. A new script must be added here as well as to the resources. */
    static final List<String> SCRIPT_NAMES = List.of("V1__init.sql", "V2__document_grants.sql", "V3__notifications.sql");

    /** Arbitrary constant key of the advisory lock; only Tandem's migrations take it. */
    private static final long ADVISORY_LOCK_KEY = 0x7A4D_0001L;

    private static final Pattern SCRIPT_NAME = Pattern.compile("V(\\d+)__[A-Za-z0-9_]+\\.sql");

    private Migrations() {
    }

    /** One versioned script. */
    record Script(int version, String name, String sql) {
    }

    /**
     * Applies every script that {@code schema_migrations} does not list yet.
     *
     * @return the versions applied by this call, empty when the schema was already current
     */
    public static Future<List<Integer>> apply(Pool pool) {
        return loadScripts().compose(scripts -> pool.withTransaction(conn -> applyLocked(conn, scripts)))
                .onSuccess(applied -> {
                    if (applied.isEmpty()) {
                        log.info("Database schema is current");
                    } else {
                        log.atInfo().addKeyValue("versions", applied).log("Applied database migrations");
                    }
                });
    }

    private static Future<List<Integer>> applyLocked(SqlConnection conn, List<Script> scripts) {
        return conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(ADVISORY_LOCK_KEY))
                // Looked up first: CREATE TABLE IF NOT EXISTS on an existing table sends a notice,
                // which the client logs as a warning at every start.
                .compose(locked -> conn.query("SELECT to_regclass('schema_migrations') IS NOT NULL").execute())
                .compose(found -> found.iterator().next().getBoolean(0) ? Future.succeededFuture()
                        : conn.query("CREATE TABLE schema_migrations ("
                                + "version integer PRIMARY KEY, name text NOT NULL, "
                                + "applied_at timestamptz NOT NULL DEFAULT now())").execute().mapEmpty())
                .compose(created -> conn.query("SELECT version FROM schema_migrations").execute())
                .compose(rows -> {
                    Set<Integer> done = new HashSet<>();
                    for (Row row : rows) {
                        done.add(row.getInteger(0));
                    }
                    Future<List<Integer>> chain = Future.succeededFuture(new ArrayList<>());
                    for (Script script : scripts) {
                        if (!done.contains(script.version())) {
                            chain = chain.compose(applied -> applyOne(conn, script).map(v -> {
                                applied.add(script.version());
                                return applied;
                            }));
                        }
                    }
                    return chain;
                });
    }

    private static Future<Void> applyOne(SqlConnection conn, Script script) {
        // The script text is ours and constant; the simple query protocol runs its several statements.
        return conn.query(script.sql()).execute()
                .compose(done -> conn.preparedQuery("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)")
                        .execute(Tuple.of(script.version(), script.name())))
                .<Void>mapEmpty()
                .recover(failure -> Future.failedFuture(
                        new IllegalStateException("migration " + script.name() + " failed: " + failure.getMessage(), failure)));
    }

    /** Reads the scripts, on a worker thread when called on a Vert.x context. */
    private static Future<List<Script>> loadScripts() {
        Context context = Vertx.currentContext();
        if (context == null) {
            try {
                return Future.succeededFuture(readScripts());
            } catch (RuntimeException e) {
                return Future.failedFuture(e);
            }
        }
        return context.executeBlocking(Migrations::readScripts, false);
    }

    static List<Script> readScripts() {
        List<Script> scripts = new ArrayList<>();
        int previous = 0;
        for (String name : SCRIPT_NAMES) {
            Matcher matcher = SCRIPT_NAME.matcher(name);
            if (!matcher.matches()) {
                throw new IllegalStateException("migration name must look like V<version>__<words>.sql: " + name);
            }
            int version = Integer.parseInt(matcher.group(1));
            if (version <= previous) {
                throw new IllegalStateException("migration versions must increase: " + name + " follows V" + previous);
            }
            previous = version;
            scripts.add(new Script(version, name, readResource("db/migration/" + name)));
        }
        return scripts;
    }

    private static String readResource(String path) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("migration script not found on the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read migration script " + path, e);
        }
    }
}
