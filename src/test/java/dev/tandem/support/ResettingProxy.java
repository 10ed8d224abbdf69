package dev.tandem.support;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback in front of a server, such as PostgreSQL, that can reset its connections
 * on demand. While resetting, it closes every open connection and each new one as soon as it is
 * accepted, which is how a dropped network or a restarting server looks to a client.
 */
public final class ResettingProxy implements AutoCloseable {

    private final NetServer server;
    private final NetClient client;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean resetting;

    private ResettingProxy(NetServer server, NetClient client) {
        this.server = server;
        this.client = client;
    }

    /** Starts a proxy on a free loopback port that forwards to {@code 127.0.0.1:targetPort}. */
    public static ResettingProxy start(Vertx vertx, int targetPort) throws Exception {
        NetClient client = vertx.createNetClient();
        NetServer server = vertx.createNetServer();
        ResettingProxy proxy = new ResettingProxy(server, client);
        server.connectHandler(downstream -> proxy.accept(downstream, targetPort));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        return proxy;
    }

    private void accept(NetSocket downstream, int targetPort) {
        if (resetting) {
            downstream.close();
            return;
        }
        downstream.pause();
        client.connect(targetPort, "127.0.0.1").onComplete(connected -> {
            if (connected.failed() || resetting) {
                downstream.close();
                if (connected.succeeded()) {
                    connected.result().close();
                }
                return;
            }
            NetSocket upstream = connected.result();
            sockets.add(downstream);
            sockets.add(upstream);
            downstream.handler(data -> forward(data, downstream, upstream));
            upstream.handler(data -> forward(data, upstream, downstream));
            downstream.closeHandler(v -> close(upstream));
            upstream.closeHandler(v -> close(downstream));
            downstream.resume();
        });
    }

    /** Forwards data, or, once resetting, drops it and closes both sides. */
    private void forward(io.vertx.core.buffer.Buffer data, NetSocket from, NetSocket to) {
        if (resetting) {
            close(from);
            close(to);
            return;
        }
        to.write(data);
    }

    private void close(NetSocket socket) {
        sockets.remove(socket);
        socket.close();
    }

    public int port() {
        return server.actualPort();
    }

    /** Closes every open connection and, until {@link #heal()}, every new one. */
    public void reset() {
        resetting = true;
        sockets.forEach(this::close);
    }

    /** Forwards new connections again. */
    public void heal() {
        resetting = false;
    }

    @Override
    public void close() throws Exception {
        reset();
        Future.join(server.close(), client.close()).toCompletionStage().toCompletableFuture().get();
    }
}
