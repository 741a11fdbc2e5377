package dev.sockeye.sockets.internal.wasi;

import com.dylibso.chicory.runtime.Instance;
import dev.sockeye.sockets.internal.fd.GuestMemory;
import dev.sockeye.sockets.internal.net.GuestNetwork;
import dev.sockeye.sockets.limits.SandboxLimits;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything one guest instance's host calls share: its fd table, arguments, environment, limits and network link
 * (which holds the egress guard). Belongs to one instance and is used only from its thread.
 */
public final class GuestContext {
    /** The context of the instance running on this thread; host functions are shared, their context is not. */
    private static final ScopedValue<GuestContext> CURRENT = ScopedValue.newInstance();

    private final FdTable fds;
    private final List<byte[]> args;
    private final Supplier<List<byte[]>> environmentEncoder;
    private List<byte[]> environment;
    private final SandboxLimits limits;
    private final Supplier<GuestNetwork> networkFactory;
    private GuestNetwork network;
    private GuestMemory memory;

    /**
     * @param environment encodes the environment's {@code KEY=VALUE} entries; called on the guest's first environ
     *     call, if any: many guests (a CGI handler that never calls getenv) never read the environment a trigger
     *     builds for every request
     */
    public GuestContext(
            List<byte[]> args,
            Supplier<List<byte[]>> environment,
            SandboxLimits limits,
            Supplier<GuestNetwork> networkFactory) {
        this.fds = new FdTable(limits.maxDescriptors());
        this.args = List.copyOf(args);
        this.environmentEncoder = environment;
        this.limits = limits;
        this.networkFactory = networkFactory;
    }

    /** Gives the guest a host directory at {@code guestPath}, as the next fd. */
    public void preopen(Path hostPath, String guestPath, boolean readOnly) {
        fds.add(new PreopenedDirectory(hostPath, guestPath, readOnly));
    }

    /** The instance's sockets' link to the event loops, made on first use: most guests never open a socket. */
    public GuestNetwork network() {
        if (network == null) {
            network = networkFactory.get();
        }
        return network;
    }

    /** Bytes the instance's sockets received and sent so far. */
    public long socketBytesIn() {
        return network == null ? 0 : network.bytesIn();
    }

    public long socketBytesOut() {
        return network == null ? 0 : network.bytesOut();
    }

    /** Runs guest code (an export) with this context bound for the host calls it makes. */
    public <T> T runGuest(Supplier<T> guestCode) {
        return ScopedValue.where(CURRENT, this).call(guestCode::get);
    }

    /** The context of the instance whose host call is running; fails if called outside a guest run. */
    static GuestContext current() {
        return CURRENT.orElseThrow(() -> new IllegalStateException("host call outside a guest run"));
    }

    public FdTable fds() {
        return fds;
    }

    /** Arguments as UTF-8 bytes without terminators, argv[0] first. */
    public List<byte[]> args() {
        return args;
    }

    /** Environment entries as UTF-8 {@code KEY=VALUE} bytes without terminators, encoded on first use. */
    public List<byte[]> environment() {
        if (environment == null) {
            environment = List.copyOf(environmentEncoder.get());
        }
        return environment;
    }

    public SandboxLimits limits() {
        return limits;
    }

    /** The guest's memory; available once the instance exists (host calls only run after that). */
    public GuestMemory memory() {
        return memory;
    }

    /** Binds the memory of the instance these calls serve; called on the first host call. */
    void bindInstance(Instance instance) {
        if (memory == null) {
            memory = new GuestMemory(instance.memory());
        }
    }

    /** Closes every descriptor the guest left open: sockets, files, listeners. */
    public void close() {
        try {
            fds.closeAll();
        } finally {
            if (network != null) {
                network.close();
            }
        }
    }
}
