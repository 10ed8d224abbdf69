package dev.tandem.store;

import static dev.tandem.store.StoreTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SnapshotStoreTest {

    private SnapshotStore store;
    private String collection;

    @BeforeEach
    void setUp(Vertx vertx) throws Exception {
        store = new SnapshotStore(StoreTestSupport.migratedPool(vertx));
        collection = StoreTestSupport.uniqueCollection("snapshots");
    }

    @Test
    void latestAtOrBelowPicksNearestMilestone() throws Exception {
        Snapshot ten = new Snapshot(collection, "doc", 10, "t", Map.of("v", 10), 100);
        Snapshot twenty = new Snapshot(collection, "doc", 20, "t", List.of("\u0000", "\uD83D\uDE00"), 200);
        await(store.saveMilestone(ten));
        await(store.saveMilestone(twenty));

        Snapshot below = await(store.latestAtOrBelow(collection, "doc", 9));
        Snapshot atTen = await(store.latestAtOrBelow(collection, "doc", 10));
        Snapshot between = await(store.latestAtOrBelow(collection, "doc", 19));
        Snapshot above = await(store.latestAtOrBelow(collection, "doc", Long.MAX_VALUE));

        assertThat(below).isNull();
        assertThat(atTen).isEqualTo(ten);
        assertThat(between).isEqualTo(ten);
        assertThat(above).isEqualTo(twenty);
    }

    @Test
    void saveMilestoneKeepsFirstWrite() throws Exception {
        Snapshot first = new Snapshot(collection, "doc", 5, "t", "first", 100);
        await(store.saveMilestone(first));

        await(store.saveMilestone(new Snapshot(collection, "doc", 5, "t", "second", 200)));
        Snapshot stored = await(store.latestAtOrBelow(collection, "doc", 5));

        assertThat(stored).isEqualTo(first);
    }

    @Test
    void deletedDocumentMilestoneRoundTrips() throws Exception {
        Snapshot deleted = new Snapshot(collection, "doc", 3, null, null, 300);

        await(store.saveMilestone(deleted));
        Snapshot stored = await(store.latestAtOrBelow(collection, "doc", 3));

        assertThat(stored).isEqualTo(deleted);
        assertThat(stored.exists()).isFalse();
    }
}
