package org.respaldo.web;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.respaldo.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.ext.web.RoutingContext;

/**
 * Unknown paths and refused methods answer JSON like the rest of the API ({@code {"status":404,
 * "error":"..."}}), instead of the HTTP server's HTML page or an empty body: the error handlers of
 * the platform-http server's router (Vert.x), set once the server is up.
 */
public final class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    /** Installs the 404 and 405 handlers on the main HTTP server's router; false when there is no server. */
    public static boolean install(CamelContext context) {
        // camel-main names the router after the port; the main server's is the one to find
        VertxPlatformHttpRouter router = context.getRegistry().findByType(VertxPlatformHttpRouter.class).stream()
                .filter(VertxPlatformHttpRouter::isMainServer).findFirst().orElse(null);
        if (router == null) {
            LOG.debug("no platform-http router: unknown paths keep the server's default answer");
            return false;
        }
        // the server's own router and the sub-router Camel's routes are mounted on both decide a 404/405 (the wrapper
        // Camel registers passes errorHandler to neither: found by IntakeApplicationTest; private fields, read defensively)
        java.util.List<io.vertx.ext.web.Router> routers = new java.util.ArrayList<>();
        routers.add(router);
        for (String field : new String[] {"router", "subRouter"}) {
            try {
                java.lang.reflect.Field f = router.getServer().getClass().getDeclaredField(field);
                f.setAccessible(true);
                if (f.get(router.getServer()) instanceof io.vertx.ext.web.Router r) {
                    routers.add(r);
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("platform-http server has no {} field: {}", field, e.toString());
            }
        }
        for (io.vertx.ext.web.Router r : routers) {
            r.errorHandler(404, rc -> answer(rc, 404, "no such resource: " + rc.request().method() + " " + rc.request().path()
                    + " (the API is under /api, health under /observe/health; see README \"HTTP API\")"));
            r.errorHandler(405, rc -> answer(rc, 405, "method " + rc.request().method() + " is not allowed on "
                    + rc.request().path() + " (see README \"HTTP API\")"));
        }
        return true;
    }

    static void answer(RoutingContext rc, int status, String message) {
        if (rc.response().ended() || rc.response().headWritten()) {
            return;
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.error(status, message));
    }
}
