package dev.tandem.session;

/**
 * The per-connection and per-user limits of the session endpoints, from configuration.
 *
 * @param maxOpBytes largest op body or create data, in bytes of UTF-8 of its JSON
 * @param maxSubscriptionsPerConnection most document subscriptions, and separately most presence
 *     channel subscriptions, that one connection holds
 * @param opsPerSecondPerConnection refill rate of each connection's op bucket; the bucket holds one
 *     second's worth, so a connection may send that many ops at once after a pause
 * @param opsPerSecondPerUser refill rate of each user's op bucket, shared by the user's connections
 *     and REST requests on one node
 * @param maxConnectionsPerUser most open WebSocket and SockJS connections of one user on one node
 */
public record SessionLimits(long maxOpBytes, int maxSubscriptionsPerConnection, int opsPerSecondPerConnection,
        int opsPerSecondPerUser, int maxConnectionsPerUser) {
}
