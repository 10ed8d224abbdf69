package dev.tandem.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebSocketClientTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void flushPassRunsAfterQueuedTasks() throws Exception {
        Context context = vertx.getOrCreateContext();
        List<String> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            FlushPass flushes = new FlushPass(context);
            flushes.add(() -> events.add("flush a"));
            context.runOnContext(w -> events.add("queued task"));
            flushes.add(() -> {
                events.add("flush b");
                // Added while flushing: waits for the next pass.
                flushes.add(() -> events.add("flush c"));
            });
            context.runOnContext(w -> context.runOnContext(x -> context.runOnContext(y -> done.complete(null))));
            events.add("task end");
        });
        done.get(10, TimeUnit.SECONDS);

        assertThat(events).containsExactly("task end", "flush a", "flush b", "queued task", "flush c");
    }

    @Test
    void flushPassWaitsOutItsInterval() throws Exception {
        Context context = vertx.getOrCreateContext();
        long intervalNanos = TimeUnit.MILLISECONDS.toNanos(200);
        CompletableFuture<Long> first = new CompletableFuture<>();
        CompletableFuture<Long> second = new CompletableFuture<>();
        context.runOnContext(v -> {
            FlushPass flushes = new FlushPass(context, intervalNanos);
            flushes.add(() -> {
                first.complete(System.nanoTime());
                context.runOnContext(w -> flushes.add(() -> second.complete(System.nanoTime())));
            });
        });

        long gap = second.get(10, TimeUnit.SECONDS) - first.get(10, TimeUnit.SECONDS);
        // The interval runs from just before the first flush's runnable, so allow a millisecond for it.
        assertThat(gap).as("nanoseconds between the two flushes")
                .isGreaterThanOrEqualTo(intervalNanos - TimeUnit.MILLISECONDS.toNanos(1));
    }

    @Test
    void routerUpgradeFramesArriveInOrder() throws Exception {
        CompletableFuture<ChannelHandlerContext> frames = new CompletableFuture<>();
        Context serverContext = vertx.getOrCreateContext();
        Router router = Router.router(vertx);
        router.route("/ws").handler(routing -> {
            HttpConnection http = routing.request().connection();
            routing.request().toWebSocket().onSuccess(ws -> {
                ChannelHandlerContext channel = WebSocketClient.frameContext(http);
                frames.complete(channel);
                WebSocketClient client = new WebSocketClient(ws, channel, new FlushPass(serverContext), () -> { });
                for (int i = 0; i < 100; i++) {
                    client.send("{\"n\":" + i + "}");
                }
            }).onFailure(frames::completeExceptionally);
        });
        CompletableFuture<HttpServer> listening = new CompletableFuture<>();
        serverContext.runOnContext(v -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .onComplete(result -> listening.complete(result.result())));
        int port = listening.get(10, TimeUnit.SECONDS).actualPort();

        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        // Held until the end: a client that is no longer referenced gets cleaned up with its connections.
        io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient();
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(received::add);
        socket.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(frames.get(10, TimeUnit.SECONDS)).as("the Netty context of Vert.x Web's upgraded socket").isNotNull();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String message = received.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("message %d", i).isNotNull();
            messages.add(message);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(messages.get(i)).isEqualTo("{\"n\":" + i + "}");
        }
        client.close();
    }
    @Test
    void sharedOpFramesArriveIntactAtEveryClient() throws Exception {
        // Payload lengths on both sides of each WebSocket length encoding (7 bits, 16 bits, 64 bits),
        // in characters that take one to four UTF-8 bytes.
        int[] lengths = {1, 100, 125, 126, 127, 1_000, 65_535, 65_536, 70_000};
        List<WireOp> ops = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            String text = "aé€😀".repeat(lengths[i] / 4 + 1);
            ops.add(new WireOp(new JsonObject().put("c", "notes").put("d", "doc").put("v", i)
                    .put("op", new JsonArray().add(text))));
        }
        Context serverContext = vertx.getOrCreateContext();
        FlushPass flushes = new FlushPass(serverContext);
        LinkedBlockingQueue<String> first = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> second = new LinkedBlockingQueue<>();
        CompletableFuture<Void> bothConnected = new CompletableFuture<>();
        List<WebSocketClient> clients = new ArrayList<>();
        Router router = Router.router(vertx);
        router.route("/ws").handler(routing -> {
            HttpConnection http = routing.request().connection();
            routing.request().toWebSocket().onSuccess(ws -> {
                clients.add(new WebSocketClient(ws, WebSocketClient.frameContext(http), flushes, () -> { }));
                if (clients.size() == 2) {
                    for (WireOp op : ops) {
                        // Each client gets every op as shared bytes, with a plain message in between.
                        for (WebSocketClient client : clients) {
                            client.send(op);
                            client.send("{\"between\":" + op.version + "}");
                        }
                    }
                    bothConnected.complete(null);
                }
            });
        });
        int port = listen(serverContext, router);

        io.vertx.core.http.WebSocketClient client = vertx.createWebSocketClient(
                new io.vertx.core.http.WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
        for (LinkedBlockingQueue<String> queue : List.of(first, second)) {
            ClientWebSocket socket = client.webSocket();
            socket.textMessageHandler(queue::add);
            socket.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        bothConnected.get(10, TimeUnit.SECONDS);

        for (LinkedBlockingQueue<String> queue : List.of(first, second)) {
            for (WireOp op : ops) {
                assertThat(queue.poll(10, TimeUnit.SECONDS)).as("op %d", op.version).isEqualTo(op.message());
                assertThat(queue.poll(10, TimeUnit.SECONDS)).isEqualTo("{\"between\":" + op.version + "}");
            }
        }
        client.close();
    }

    private int listen(Context context, Router router) throws Exception {
        CompletableFuture<HttpServer> listening = new CompletableFuture<>();
        context.runOnContext(v -> vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions()
                        .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false))
                .requestHandler(router).listen(0, "127.0.0.1")
                .onComplete(result -> listening.complete(result.result())));
        return listening.get(10, TimeUnit.SECONDS).actualPort();
    }
}
