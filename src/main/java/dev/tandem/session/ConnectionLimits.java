package dev.tandem.session;

import dev.tandem.document.DocumentSize;

/**
 * The limits applied to the requests of one connection: op size and the op rate of the connection
 * and of its user. Confined to the connection's event loop, like its {@link Agent}.
 */
public final class ConnectionLimits {

    private final SessionLimits limits;
    private final UserQuotas userQuotas;
    private final String userId;
    private final TokenBucket connectionOps;

    ConnectionLimits(SessionLimits limits, UserQuotas userQuotas, String userId, long nowNanos) {
        this.limits = limits;
        this.userQuotas = userQuotas;
        this.userId = userId;
        this.connectionOps = new TokenBucket(limits.opsPerSecondPerConnection(), limits.opsPerSecondPerConnection(),
                nowNanos);
    }

    int maxSubscriptions() {
        return limits.maxSubscriptionsPerConnection();
    }

    /**
     * Checks an op's size and takes one token from the connection's and the user's buckets. Throws
     * before anything is sent to the document's owner, so a rejected op changes nothing.
     *
     * @throws ProtocolException {@link ErrorCode#ERR_OP_TOO_LARGE} or {@link ErrorCode#ERR_RATE_LIMIT_EXCEEDED}
     */
    void checkOp(SubmitRequest op, long nowNanos) {
        checkOpSize(op.body(), limits.maxOpBytes());
        if (!connectionOps.tryTake(nowNanos)) {
            throw new ProtocolException(ErrorCode.ERR_RATE_LIMIT_EXCEEDED, "Too many ops on this connection; the limit"
                    + " is " + limits.opsPerSecondPerConnection() + " per second. Send fewer or compose them");
        }
        if (!userQuotas.tryTakeOp(userId, nowNanos)) {
            // The op is rejected, so it must not use up the connection's share either.
            connectionOps.giveBack();
            throw new ProtocolException(ErrorCode.ERR_RATE_LIMIT_EXCEEDED, "Too many ops by this user; the limit is "
                    + limits.opsPerSecondPerUser() + " per second across the user's connections");
        }
    }

    /** @throws ProtocolException {@link ErrorCode#ERR_OP_TOO_LARGE} when {@code body} is over {@code maxOpBytes} */
    public static void checkOpSize(Object body, long maxOpBytes) {
        if (DocumentSize.exceeds(body, maxOpBytes)) {
            throw new ProtocolException(ErrorCode.ERR_OP_TOO_LARGE, "The op is larger than the limit of " + maxOpBytes
                    + " bytes; split it into smaller ops");
        }
    }
}
