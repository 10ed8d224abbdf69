package dev.tandem.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import java.util.function.Consumer;

/**
 * Resolves which node sequences a document: the owner of the Hazelcast partition of the key
 * {@code collection/id}. Ownership only routes work; the op log's primary key is what keeps two
 * owners from both committing a version.
 */
public final class DocumentOwnership {

    private final HazelcastInstance hazelcast;
    private final boolean everyNodeOwns;

    /**
     * @param everyNodeOwns a test hook: every node takes itself for the owner of every document,
     *     as two halves of a split cluster would, so that only the op log's primary key keeps the
     *     history single
     */
    public DocumentOwnership(HazelcastInstance hazelcast, boolean everyNodeOwns) {
        this.hazelcast = hazelcast;
        this.everyNodeOwns = everyNodeOwns;
    }

    /** Returns the partition key of a document. */
    public static String key(String collection, String docId) {
        return collection + "/" + docId;
    }

    /**
     * Returns the node id of the owner, or {@code null} while the partition has no owner, such as
     * during a migration. A node id is the member's Hazelcast address {@code host:port}, not its
     * UUID: Hazelcast gives a member a new UUID when it merges back after a split, and the node's
     * event-bus addresses must stay reachable under the id they were registered with.
     */
    public String ownerNodeId(String collection, String docId) {
        if (everyNodeOwns) {
            return localNodeId();
        }
        Partition partition = hazelcast.getPartitionService().getPartition(key(collection, docId));
        Member owner = partition.getOwner();
        return owner == null ? null : nodeId(owner);
    }

    public String localNodeId() {
        return nodeId(hazelcast.getCluster().getLocalMember());
    }

    private static String nodeId(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    /**
     * Calls {@code listener} with the node id of every member that leaves the cluster, on a
     * Hazelcast thread; callers move the work to their own context.
     */
    public void onMemberRemoved(Consumer<String> listener) {
        onMembership(nodeId -> { }, listener);
    }

    /**
     * Calls {@code joined} with the node id of every member that joins the cluster and {@code left}
     * with that of every member that leaves it, on a Hazelcast thread. A node restarted on the same
     * host and port joins under the same node id.
     */
    public void onMembership(Consumer<String> joined, Consumer<String> left) {
        hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                joined.accept(nodeId(event.getMember()));
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                left.accept(nodeId(event.getMember()));
            }
        });
    }
}
