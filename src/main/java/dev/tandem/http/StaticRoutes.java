package dev.tandem.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the browser files from the classpath folder {@code webroot/}: the demo page at {@code /},
 * its bundled assets under {@code /assets/}, and the module {@code /js/tandem-types.js}, which gives
 * the sharedb client's text-unicode and json0 types the presence transform the npm packages lack.
 * The page and its assets are built by {@code scripts/build-webapp} in Maven's generate-resources
 * phase. The page and the module are read once at startup, so a jar without them fails to start.
 */
public final class StaticRoutes {

    static final String PAGE_PATH = "/";
    static final String ASSETS_PATH = "/assets/*";
    static final String TYPES_PATH = "/js/tandem-types.js";
    private static final String PAGE_RESOURCE = "webroot/index.html";
    private static final String ASSETS_RESOURCE = "webroot/assets";
    private static final String TYPES_RESOURCE = "webroot/tandem-types.js";

    // Asset names carry a hash of their content, so a browser may keep them for a year without
    // asking again. The page is revalidated on every load and names the current assets.
    private static final long ASSET_MAX_AGE_SECONDS = 365L * 24 * 60 * 60;
    // The page loads scripts and styles only from this node and connects only back to it
    // ('self' covers ws: and wss: to the same host). Quill sets inline styles, and pasted images
    // are data: URLs.
    private static final String PAGE_SECURITY_POLICY = "default-src 'self'; connect-src 'self'; "
            + "img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private final Buffer page;
    private final Buffer typesModule;

    public StaticRoutes() {
        this.page = Buffer.buffer(read(PAGE_RESOURCE));
        this.typesModule = Buffer.buffer(read(TYPES_RESOURCE));
    }

    public void mount(Router router) {
        router.get(PAGE_PATH).handler(this::servePage);
        router.get(ASSETS_PATH).handler(StaticHandler.create(ASSETS_RESOURCE)
                .setCachingEnabled(true)
                .setMaxAgeSeconds(ASSET_MAX_AGE_SECONDS)
                .setDirectoryListing(false)
                .setIncludeHidden(false)
                .setDefaultContentEncoding("UTF-8"));
        router.get(TYPES_PATH).handler(routing -> routing.response()
                .putHeader("Content-Type", "application/javascript")
                .putHeader("Cache-Control", "no-cache")
                .end(typesModule));
    }

    private void servePage(RoutingContext routing) {
        routing.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Content-Security-Policy", PAGE_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin")
                .end(page);
    }

    private static byte[] read(String resource) {
        try (InputStream in = StaticRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + resource + " is missing from the build: rebuild with mvn package");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read classpath resource " + resource, e);
        }
    }
}
