package dev.sockeye.sockets;

import dev.sockeye.sockets.policy.EgressGuard;
import dev.sockeye.sockets.policy.EgressListener;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one guest run gets: arguments, environment, stdio, preopened directories, its egress guard and limits.
 * Defaults: no arguments but argv[0] "guest", empty environment, empty stdin, stdout/stderr discarded, no
 * directories, the deny-all guard, {@link SandboxLimits#DEFAULTS}, the module's own memory maximum.
 */
public final class GuestOptions {
    /** A host directory the guest sees at {@code guestPath}. */
    public record Preopen(Path hostPath, String guestPath, boolean readOnly) {
        public Preopen {
            Objects.requireNonNull(hostPath, "hostPath");
            Objects.requireNonNull(guestPath, "guestPath");
        }
    }

    private final List<String> args;
    private final Map<String, String> environment;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final List<Preopen> preopens;
    private final EgressGuard guard;
    private final SandboxLimits limits;
    private final int maxMemoryPages;

    private GuestOptions(Builder builder) {
        this.args = List.copyOf(builder.args);
        this.environment = Map.copyOf(builder.environment);
        this.stdin = builder.stdin;
        this.stdout = builder.stdout;
        this.stderr = builder.stderr;
        this.preopens = List.copyOf(builder.preopens);
        this.guard = builder.guard;
        this.limits = builder.limits;
        this.maxMemoryPages = builder.maxMemoryPages;
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<String> args() {
        return args;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public InputStream stdin() {
        return stdin;
    }

    public OutputStream stdout() {
        return stdout;
    }

    public OutputStream stderr() {
        return stderr;
    }

    public List<Preopen> preopens() {
        return preopens;
    }

    public EgressGuard guard() {
        return guard;
    }

    public SandboxLimits limits() {
        return limits;
    }

    /** The most 64 KiB pages the guest's memory may grow to; 0 means the module's own maximum. */
    public int maxMemoryPages() {
        return maxMemoryPages;
    }

    /** Builds {@link GuestOptions}. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>(List.of("guest"));
        private final Map<String, String> environment = new LinkedHashMap<>();
        private InputStream stdin = InputStream.nullInputStream();
        private OutputStream stdout = OutputStream.nullOutputStream();
        private OutputStream stderr = OutputStream.nullOutputStream();
        private final List<Preopen> preopens = new ArrayList<>();
        private EgressGuard guard = EgressGuard.denyAll(EgressListener.none());
        private SandboxLimits limits = SandboxLimits.DEFAULTS;
        private int maxMemoryPages;

        /** Sets argv: the program name followed by its arguments. */
        public Builder args(String programName, List<String> arguments) {
            args.clear();
            args.add(programName);
            args.addAll(arguments);
            return this;
        }

        public Builder env(String key, String value) {
            if (key.isEmpty() || key.indexOf('=') >= 0) {
                throw new IllegalArgumentException("environment key must be non-empty without '=': " + key);
            }
            environment.put(key, value);
            return this;
        }

        public Builder stdin(InputStream value) {
            stdin = Objects.requireNonNull(value);
            return this;
        }

        public Builder stdout(OutputStream value) {
            stdout = Objects.requireNonNull(value);
            return this;
        }

        public Builder stderr(OutputStream value) {
            stderr = Objects.requireNonNull(value);
            return this;
        }

        public Builder preopen(Path hostPath, String guestPath, boolean readOnly) {
            preopens.add(new Preopen(hostPath, guestPath, readOnly));
            return this;
        }

        public Builder guard(EgressGuard value) {
            guard = Objects.requireNonNull(value);
            return this;
        }

        public Builder limits(SandboxLimits value) {
            limits = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Caps the guest's memory at this many 64 KiB pages (memory.grow fails beyond it); 0, the default, keeps
         * the module's declared maximum. A module whose initial memory exceeds the cap fails to instantiate.
         */
        public Builder maxMemoryPages(int value) {
            if (value < 0 || value > 65536) {
                throw new IllegalArgumentException("maxMemoryPages must be 0..65536: " + value);
            }
            maxMemoryPages = value;
            return this;
        }

        public GuestOptions build() {
            return new GuestOptions(this);
        }
    }
}
