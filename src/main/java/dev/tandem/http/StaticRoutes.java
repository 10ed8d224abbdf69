package dev.tandem.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the browser module {@code /js/tandem-types.js} from the classpath folder {@code webroot/}.
 * The module gives the sharedb client's text-unicode and json0 types the presence transform the
 * npm packages lack. It is read once at startup, so a jar without it fails to start.
 */
public final class StaticRoutes {

    static final String TYPES_PATH = "/js/tandem-types.js";
    private static final String TYPES_RESOURCE = "webroot/tandem-types.js";

    private final Buffer typesModule;

    public StaticRoutes() {
        this.typesModule = Buffer.buffer(read(TYPES_RESOURCE));
    }

    public void mount(Router router) {
        router.get(TYPES_PATH).handler(routing -> routing.response()
                .putHeader("Content-Type", "application/javascript")
                .putHeader("Cache-Control", "no-cache")
                .end(typesModule));
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
