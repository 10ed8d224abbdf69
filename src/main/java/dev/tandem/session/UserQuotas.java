package dev.tandem.session;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The limits one node keeps per user: open connections and an op token bucket shared by the user's
 * connections and REST requests. They count on this node only, so a user connected to several
 * nodes of a cluster gets each limit once per node.
 *
 * <p>The user id is whatever the caller authenticated: this class trusts it and only counts.
 * Thread-safe, because REST and session handlers may run on different event loops.
 */
public final class UserQuotas {

    /** Users tracked beyond which idle ones (no connection, full bucket) are forgotten. */
    private static final int SWEEP_ABOVE_USERS = 10_000;

    private final int maxConnectionsPerUser;
    private final int opsPerSecondPerUser;
    private final Map<String, Usage> users = new HashMap<>();
    /**
     * The number of tracked users at which the next sweep runs: twice the number the last sweep left,
     * and at least {@link #SWEEP_ABOVE_USERS}. A node with many active users then sweeps once per
     * doubling instead of once per new user.
     */
    private int sweepAt = SWEEP_ABOVE_USERS;
    private int sweeps;

    private static final class Usage {
        int connections;
        final TokenBucket ops;

        Usage(TokenBucket ops) {
            this.ops = ops;
        }
    }

    public UserQuotas(int maxConnectionsPerUser, int opsPerSecondPerUser) {
        this.maxConnectionsPerUser = maxConnectionsPerUser;
        this.opsPerSecondPerUser = opsPerSecondPerUser;
    }

    public int maxConnectionsPerUser() {
        return maxConnectionsPerUser;
    }

    /**
     * Counts a new connection of {@code user} and returns true, or returns false and counts nothing
     * when the user already has the maximum. Each true must be matched by one {@link #closeConnection}.
     */
    public synchronized boolean tryOpenConnection(String user, long nowNanos) {
        Usage usage = usage(user, nowNanos);
        if (usage.connections >= maxConnectionsPerUser) {
            return false;
        }
        usage.connections++;
        return true;
    }

    public synchronized void closeConnection(String user) {
        Usage usage = users.get(user);
        if (usage != null && usage.connections > 0) {
            usage.connections--;
        }
    }

    /** Takes one op from the user's bucket; false means the user is over the rate. */
    public synchronized boolean tryTakeOp(String user, long nowNanos) {
        return usage(user, nowNanos).ops.tryTake(nowNanos);
    }

    synchronized void giveBackOp(String user) {
        Usage usage = users.get(user);
        if (usage != null) {
            usage.ops.giveBack();
        }
    }

    /** Returns the open connections of {@code user}, for tests and metrics. */
    public synchronized int connections(String user) {
        Usage usage = users.get(user);
        return usage == null ? 0 : usage.connections;
    }

    /** Returns the sum of all users' open connections, for tests and metrics. */
    public synchronized int totalConnections() {
        return users.values().stream().mapToInt(usage -> usage.connections).sum();
    }

    /** Returns the number of users tracked now, for tests. */
    synchronized int trackedUsers() {
        return users.size();
    }

    /** Returns how many sweeps have run, for tests. */
    synchronized int sweeps() {
        return sweeps;
    }

    private Usage usage(String user, long nowNanos) {
        Usage usage = users.get(user);
        if (usage == null) {
            if (users.size() >= sweepAt) {
                sweep(nowNanos);
                sweepAt = Math.max(SWEEP_ABOVE_USERS, 2 * users.size());
            }
            usage = new Usage(new TokenBucket(opsPerSecondPerUser, opsPerSecondPerUser, nowNanos));
            users.put(user, usage);
        }
        return usage;
    }

    /** Forgets users whose state equals a fresh entry's, so that many one-off users cost no memory. */
    private void sweep(long nowNanos) {
        sweeps++;
        for (Iterator<Usage> it = users.values().iterator(); it.hasNext(); ) {
            Usage usage = it.next();
            if (usage.connections == 0 && usage.ops.isFull(nowNanos)) {
                it.remove();
            }
        }
    }
}
