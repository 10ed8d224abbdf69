package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class MigrationsTest {

    @Test
    void applyTwiceIsIdempotent(Vertx vertx) throws Exception {
        Pool pool = PgPools.create(vertx, StoreTestSupport.PG_URL, 2);
        StoreTestSupport.await(Migrations.apply(pool));

        List<Integer> appliedAgain = StoreTestSupport.await(Migrations.apply(pool));
        List<Integer> recorded = new ArrayList<>();
        for (Row row : StoreTestSupport.await(pool.query("SELECT version FROM schema_migrations ORDER BY version").execute())) {
            recorded.add(row.getInteger(0));
        }

        assertThat(appliedAgain).isEmpty();
        assertThat(recorded).containsExactly(1, 2, 3);
    }

    @Test
    void concurrentApplyRunsEachScriptOnce(Vertx vertx) throws Exception {
        String database = "tandem_migrations_" + UUID.randomUUID().toString().replace("-", "");
        Pool admin = PgPools.create(vertx, StoreTestSupport.PG_URL, 1);
        StoreTestSupport.await(admin.query("CREATE DATABASE " + database).execute());
        String url = StoreTestSupport.PG_URL.substring(0, StoreTestSupport.PG_URL.lastIndexOf('/') + 1) + database;
        Pool first = PgPools.create(vertx, url, 2);
        Pool second = PgPools.create(vertx, url, 2);
        try {
            var firstRun = Migrations.apply(first);
            var secondRun = Migrations.apply(second);
            StoreTestSupport.await(Future.join(firstRun, secondRun));
            long recorded = StoreTestSupport.await(first.query("SELECT count(*) FROM schema_migrations").execute())
                    .iterator().next().getLong(0);

            assertThat(firstRun.succeeded()).isTrue();
            assertThat(secondRun.succeeded()).isTrue();
            List<Integer> applied = new ArrayList<>(firstRun.result());
            applied.addAll(secondRun.result());
            assertThat(applied).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(recorded).isEqualTo(3);
        } finally {
            StoreTestSupport.await(first.close());
            StoreTestSupport.await(second.close());
            StoreTestSupport.await(admin.query("DROP DATABASE IF EXISTS " + database).execute());
        }
    }

    @Test
    void scriptsAreListedInVersionOrder() {
        List<Migrations.Script> scripts = Migrations.readScripts();

        assertThat(scripts).extracting(Migrations.Script::version).containsExactly(1, 2, 3);
        assertThat(scripts.get(0).sql()).contains("CREATE TABLE ops");
    }

    @Test
    void grantsMigrationKeepsOlderDocumentsOpenToEveryone(Vertx vertx) throws Exception {
        String database = "tandem_migrations_" + UUID.randomUUID().toString().replace("-", "");
        Pool admin = PgPools.create(vertx, StoreTestSupport.PG_URL, 1);
        StoreTestSupport.await(admin.query("CREATE DATABASE " + database).execute());
        String url = StoreTestSupport.PG_URL.substring(0, StoreTestSupport.PG_URL.lastIndexOf('/') + 1) + database;
        Pool pool = PgPools.create(vertx, url, 1);
        try {
            StoreTestSupport.await(pool.query(Migrations.readScripts().get(0).sql()).execute());
            StoreTestSupport.await(pool.query("CREATE TABLE schema_migrations (version integer PRIMARY KEY,"
                    + " name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());"
                    + " INSERT INTO schema_migrations (version, name) VALUES (1, 'V1__init.sql');"
                    + " INSERT INTO documents VALUES ('notes', 'old', 'ada', 1), ('notes', 'nobody', NULL, 2)").execute());

            List<Integer> applied = StoreTestSupport.await(Migrations.apply(pool));
            List<String> grants = new ArrayList<>();
            for (Row row : StoreTestSupport.await(pool.query("SELECT doc_id, user_id, role, granted_by FROM document_grants"
                    + " ORDER BY doc_id, user_id").execute())) {
                grants.add(row.getString(0) + " " + row.getString(1) + " " + row.getString(2) + " " + row.getString(3));
            }

            assertThat(applied).containsExactly(2, 3);
            assertThat(grants).containsExactly("nobody * editor null", "old * editor null", "old ada owner null");
        } finally {
            StoreTestSupport.await(pool.close());
            StoreTestSupport.await(admin.query("DROP DATABASE IF EXISTS " + database).execute());
        }
    }
}
