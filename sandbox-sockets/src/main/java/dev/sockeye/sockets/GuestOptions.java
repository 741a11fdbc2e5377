package dev.sockeye.sockets;

import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.limits.SandboxLimits;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one guest run gets: arguments, environment, stdio, preopened directories, its egress guard and limits.
 * Defaults: no arguments but argv[0] "guest", empty environment, empty stdin, stdout/stderr discarded, no
 * directories, the deny-all guard, {@link SandboxLimits#DEFAULTS}.
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

    private GuestOptions(Builder builder) {
        this.args = List.copyOf(builder.args);
        this.environment = builder.adoptedEnvironment != null
                ? Collections.unmodifiableMap(builder.adoptedEnvironment)
                : builder.environment == null ? Map.of() : Map.copyOf(builder.environment);
        this.stdin = builder.stdin != null ? builder.stdin : InputStream.nullInputStream();
        this.stdout = builder.stdout != null ? builder.stdout : OutputStream.nullOutputStream();
        this.stderr = builder.stderr != null ? builder.stderr : OutputStream.nullOutputStream();
        this.preopens = List.copyOf(builder.preopens);
        this.guard = builder.guard != null ? builder.guard : EgressGuard.denyAll(EgressListener.none());
        this.limits = builder.limits;
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

    /** Builds {@link GuestOptions}. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>(List.of("guest"));
        // Defaults are made in build() for what is still null: a trigger sets these on a builder per request.
        private Map<String, String> environment;
        private Map<String, String> adoptedEnvironment;
        private InputStream stdin;
        private OutputStream stdout;
        private OutputStream stderr;
        private final List<Preopen> preopens = new ArrayList<>();
        /** Null until set: the deny-all default is made in {@link #build}, not for every builder. */
        private EgressGuard guard;

        private SandboxLimits limits = SandboxLimits.DEFAULTS;

        /** Sets argv: the program name followed by its arguments. */
        public Builder args(String programName, List<String> arguments) {
            args.clear();
            args.add(programName);
            args.addAll(arguments);
            return this;
        }

        public Builder env(String key, String value) {
            checkKey(key);
            if (environment == null) {
                environment = new LinkedHashMap<>();
            }
            if (adoptedEnvironment != null) {
                environment.putAll(adoptedEnvironment);
                adoptedEnvironment = null;
            }
            environment.put(key, value);
            return this;
        }

        /**
         * Sets the whole environment to {@code entries}, replacing what {@link #env} set, without copying the map (a
         * trigger builds one per request): the caller must not change it afterwards. Later {@link #env} calls add
         * to a copy.
         */
        public Builder environment(Map<String, String> entries) {
            entries.forEach((key, value) -> {
                checkKey(key);
                Objects.requireNonNull(value, key);
            });
            environment = null;
            adoptedEnvironment = entries;
            return this;
        }

        private static void checkKey(String key) {
            if (key.isEmpty() || key.indexOf('=') >= 0) {
                throw new IllegalArgumentException("environment key must be non-empty without '=': " + key);
            }
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

        public GuestOptions build() {
            return new GuestOptions(this);
        }
    }
}
