package dev.tandem.store;

import static dev.tandem.store.StoreTestSupport.PG_URL;
import static dev.tandem.store.StoreTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PgPoolsTest {

    private Vertx vertx;
    private Pool admin;
    private final String table = "pg_pools_test_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeEach
    void createTable() throws Exception {
        vertx = Vertx.vertx();
        admin = PgPools.create(vertx, PG_URL, 1);
        await(admin.query("CREATE TABLE " + table + " (id int PRIMARY KEY)").execute());
    }

    @AfterEach
    void dropTable() throws Exception {
        await(admin.query("DROP TABLE IF EXISTS " + table).execute());
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void hungTransactionReleasesItsRowLocks() throws Exception {
        Pool hung = PgPools.create(vertx, PG_URL, 1, 10_000, 1000);
        Pool next = PgPools.create(vertx, PG_URL, 1, 10_000, 1000);
        SqlConnection hungSession = await(hung.getConnection());
        await(hungSession.query("BEGIN").execute());
        await(hungSession.query("INSERT INTO " + table + " VALUES (1)").execute());

        // Like the next owner's group commit: it waits on the uncommitted row until PostgreSQL ends
        // the session that sits in its transaction, and then inserts the row itself.
        long started = System.nanoTime();
        RowSet<Row> inserted = await(next.query("INSERT INTO " + table + " VALUES (1) ON CONFLICT DO NOTHING"
                + " RETURNING id").execute());
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(inserted.size()).isEqualTo(1);
        assertThat(waitedMillis).isLessThan(10_000);
        assertThatThrownBy(() -> await(hungSession.query("COMMIT").execute()))
                .as("the ended session cannot commit what it inserted").isNotNull();
        RowSet<Row> stored = await(admin.query("SELECT id FROM " + table).execute());
        assertThat(stored.size()).isEqualTo(1);
    }
}
