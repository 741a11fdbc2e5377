package dev.sockeye.sockets.testing;

import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.GuestInstance;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import java.nio.file.Path;

/** A sandbox with one guest of guests/bin compiled, for tests that call the guest's exports per instance. */
public final class GuestFixture implements AutoCloseable {
    private final Sandbox sandbox = Sandbox.builder().build();
    private final CompiledGuest guest;

    private GuestFixture(String name) {
        guest = sandbox.compile(Guests.bytes(name));
    }

    /** Compiles guests/bin/{@code name}.wasm in a new sandbox. */
    public static GuestFixture of(String name) {
        return new GuestFixture(name);
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public CompiledGuest guest() {
        return guest;
    }

    /** A new instance that may reach nothing, with {@code directory} preopened as {@code /data} (fd 3) if not null. */
    public GuestInstance instance(Path directory) {
        var options = GuestOptions.builder().guard(EgressGuard.denyAll(EgressListener.none()));
        if (directory != null) {
            options.preopen(directory, "/data", false);
        }
        return sandbox.instantiate(guest, options.build());
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
