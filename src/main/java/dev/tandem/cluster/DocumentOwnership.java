package dev.tandem.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;

/**
 * Resolves which node sequences a document: the owner of the Hazelcast partition of the key
 * {@code collection/id}. Ownership only routes work; the op log's primary key is what keeps two
 * owners from both committing a version.
 */
public final class DocumentOwnership {

    private final HazelcastInstance hazelcast;

    public DocumentOwnership(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /** The partition key of a document. */
    public static String key(String collection, String docId) {
        return collection + "/" + docId;
    }

    /**
     * Returns the node id (the Vert.x node id, which is the Hazelcast member UUID) of the owner, or
     * {@code null} while the partition has no owner, such as during a migration.
     */
    public String ownerNodeId(String collection, String docId) {
        Partition partition = hazelcast.getPartitionService().getPartition(key(collection, docId));
        Member owner = partition.getOwner();
        return owner == null ? null : owner.getUuid().toString();
    }

    public String localNodeId() {
        return hazelcast.getCluster().getLocalMember().getUuid().toString();
    }

    /**
     * Calls {@code listener} with the node id of every member that leaves the cluster, on a
     * Hazelcast thread; callers move the work to their own context.
     */
    public void onMemberRemoved(java.util.function.Consumer<String> listener) {
        hazelcast.getCluster().addMembershipListener(new com.hazelcast.cluster.MembershipListener() {
            @Override
            public void memberAdded(com.hazelcast.cluster.MembershipEvent event) {
            }

            @Override
            public void memberRemoved(com.hazelcast.cluster.MembershipEvent event) {
                listener.accept(event.getMember().getUuid().toString());
            }
        });
    }
}
