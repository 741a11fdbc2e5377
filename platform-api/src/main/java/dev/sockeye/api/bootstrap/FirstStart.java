package dev.sockeye.api.bootstrap;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.errors.StoreException;
import dev.sockeye.store.tokens.IssuedToken;
import dev.sockeye.store.tokens.Role;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.io.PrintStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens the store at start (so Postgres problems show at once) and, on the first start (no token exists yet),
 * creates an admin token and prints it once with the URLs to open, or stores {@code sockeye.bootstrap.admin-token}
 * as the admin token when that is set.
 */
@ApplicationScoped
public class FirstStart {

    static final String ADMIN_TOKEN_NAME = "admin";

    @Inject
    PolicyStore store;

    @Inject
    SockeyeConfig config;

    @ConfigProperty(name = "quarkus.http.host", defaultValue = "localhost")
    String host;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;

    private volatile boolean firstStart;

    /** Opens the store (so a broken database stops the start) and notes whether any token exists. */
    void onStart(@Observes StartupEvent started) {
        boolean noToken = store.tokens().list().isEmpty();
        var supplied = config.bootstrap().adminToken();
        if (supplied.isPresent() && noToken) {
            registerSupplied(supplied.get());
            return;
        }
        firstStart = supplied.isEmpty() && config.bootstrap().createAdminToken() && noToken;
        if (!firstStart) {
            Log.info("event=started admin_token=existing");
        }
    }

    /** Several replicas may start at once: the token's unique name lets one of them store it, the others find it. */
    private void registerSupplied(String plainText) {
        try {
            store.tokens().register(ADMIN_TOKEN_NAME, Role.ADMIN, "bootstrap", plainText);
            Log.info("event=started admin_token=supplied");
        } catch (StoreException.Conflict alreadyStored) {
            Log.info("event=started admin_token=existing");
        }
    }

    /**
     * Issues the admin token only once the server listens: a start that fails on a busy port must not create a
     * token whose only printing nobody could use. Quarkus fires this event asynchronously, off the event loop.
     */
    void onListening(@ObservesAsync HttpServerStart listening) {
        if (firstStart) {
            firstStart = false;
            IssuedToken admin = store.tokens().issue(ADMIN_TOKEN_NAME, Role.ADMIN, "sockeye-up");
            Log.info("event=admin_token_created name=admin");
            print(System.out, admin.plainText());
        }
    }

    private void print(PrintStream out, String token) {
        String base = "http://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + port;
        out.println();
        out.println("  Sockeye is up. Admin API token (shown once, store it now):");
        out.println();
        out.println("    " + token);
        out.println();
        out.println("  Console      " + base + "/   (sign in with the token)");
        out.println("  API          " + base + "/api/v1/functions   (Authorization: Bearer <token>)");
        if (config.auth().publicApiDocs()) {
            out.println("  Swagger UI   " + base + "/q/swagger-ui");
        }
        out.println("  OpenAPI      " + base + "/q/openapi   (with the token; docs/api.md)");
        out.println("  Health       " + base + "/q/health");
        out.println("  Metrics      " + base + "/q/metrics");
        out.println("  Triggers     " + base + "/fn/<function>");
        out.println();
        out.flush();
    }
}
