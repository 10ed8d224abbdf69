package dev.tandem.perf.load;

import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The WebSocket URLs of the servers under test. Clients spread over them round robin, and a client
 * whose server goes away reconnects to the next one, as a load balancer would send it elsewhere.
 */
public final class Endpoints {

    private final List<URI> urls;

    public Endpoints(List<String> urls) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one --url is needed");
        }
        List<URI> parsed = new ArrayList<>();
        for (String url : urls) {
            URI uri = URI.create(url);
            if (!"ws".equals(uri.getScheme())) {
                throw new IllegalArgumentException("only ws:// URLs are supported: " + url);
            }
            if (!isLoopback(uri.getHost())) {
                // The generator is a load tool for servers on this machine; it never aims elsewhere.
                throw new IllegalArgumentException("only loopback hosts are allowed: " + url);
            }
            parsed.add(uri);
        }
        this.urls = List.copyOf(parsed);
    }

    private static boolean isLoopback(String host) {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]")
                || host.equals("::1"));
    }

    public int size() {
        return urls.size();
    }

    /** The connect options of endpoint {@code index} (modulo the count), with a user name for dev auth. */
    public WebSocketConnectOptions connectOptions(int index, String user) {
        URI uri = urls.get(Math.floorMod(index, urls.size()));
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery();
        String separator = query == null ? "?" : "?" + query + "&";
        return new WebSocketConnectOptions()
                .setHost(uri.getHost())
                .setPort(uri.getPort() < 0 ? 80 : uri.getPort())
                .setURI(path + separator + "user=" + user);
    }
}
