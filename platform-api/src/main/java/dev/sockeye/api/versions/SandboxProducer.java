package dev.sockeye.api.versions;

import dev.sockeye.sockets.Sandbox;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The one sandbox of this process, on Quarkus' Vert.x (never a second Vert.x). */
@ApplicationScoped
public class SandboxProducer {

    @Produces
    @Singleton
    Sandbox sandbox(Vertx vertx) {
        return Sandbox.builder().vertx(vertx).build();
    }

    void close(@Disposes Sandbox sandbox) {
        sandbox.close();
    }
}
