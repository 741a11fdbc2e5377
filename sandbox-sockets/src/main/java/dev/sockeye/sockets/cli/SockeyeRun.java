package dev.sockeye.sockets.cli;

import dev.sockeye.sockets.CertificateFiles;
import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.DiskCompileCache;
import dev.sockeye.sockets.GuestModuleException;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.GuestOutcome;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.sockets.egress.InvalidEgressPolicyException;
import dev.sockeye.sockets.egress.RuleGuard;
import dev.sockeye.sockets.internal.wasi.GuestLinkException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code sockeye run}: runs a WASI guest locally with the terminal's stdio, like {@code wasmtime run}, reaching only
 * what {@code --allow} and {@code --listen} rules permit (or everything, with {@code --allow-all}). The exit code
 * is the guest's; 134 when it traps (the trap is printed), 130 when interrupted, 2 for a bad command line or a module
 * that cannot be read, parsed or linked (the message names what is wrong). Each denied address use is one line on
 * stderr. The guest runs on a virtual thread; Ctrl-C interrupts it.
 */
public final class SockeyeRun {
    /** Exit code for a bad command line or an unusable module, as for a shell usage error. */
    static final int USAGE_EXIT_CODE = 2;
    /** How long Ctrl-C waits for the interrupted guest to release its files and sockets. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
    /**
     * Modules larger than this, not in the compile cache yet, run interpreted while they compile, as the invoker's
     * default; {@code SOCKEYE_INTERPRET_ABOVE_BYTES} sets it.
     */
    static final long INTERPRET_ABOVE_BYTES = 256 * 1024;

    private SockeyeRun() {}

    /** The entry point the {@code ./sockeye run} launcher calls. */
    public static void main(String[] args) {
        EngineNoise.silence();
        System.exit(run(List.of(args), System.getenv(), System.in, System.out, System.err));
    }

    /** Runs the command line and returns the exit code; the streams are the guest's stdio and the messages'. */
    static int run(
            List<String> args, Map<String, String> hostEnvironment, InputStream in, PrintStream out, PrintStream err) {
        RunArguments arguments;
        try {
            arguments = RunArguments.parse(args, hostEnvironment);
        } catch (RunArguments.UsageException e) {
            err.println("sockeye: " + e.getMessage());
            err.print(RunArguments.USAGE);
            return USAGE_EXIT_CODE;
        }
        if (arguments.help()) {
            out.print(RunArguments.USAGE);
            return 0;
        }
        EgressPolicy policy;
        try {
            policy = EgressPolicy.parse(arguments.rules());
        } catch (InvalidEgressPolicyException e) {
            err.println("sockeye: " + e.getMessage());
            return USAGE_EXIT_CODE;
        }
        for (var directory : arguments.directories()) {
            if (!Files.isDirectory(directory.host())) {
                err.println("sockeye: --dir " + directory.host() + ": not a directory");
                return USAGE_EXIT_CODE;
            }
        }
        byte[] wasm;
        try {
            wasm = Files.readAllBytes(Path.of(arguments.module()));
        } catch (IOException e) {
            err.println("sockeye: cannot read " + arguments.module() + ": " + e);
            return USAGE_EXIT_CODE;
        }
        List<X509Certificate> trusted;
        try {
            trusted = CertificateFiles.read(arguments.trustedCertificates());
        } catch (IllegalArgumentException e) {
            err.println("sockeye: --tls-ca " + e.getMessage());
            return USAGE_EXIT_CODE;
        }
        try (var sandbox = Sandbox.builder().trustedCertificates(trusted).build()) {
            CompiledGuest guest;
            Thread compiling = null;
            try {
                DiskCompileCache cache = compileCache(hostEnvironment);
                CompiledGuest interpreted = sandbox.interpret(wasm, cache);
                if (cache != null
                        && wasm.length > interpretAboveBytes(hostEnvironment)
                        && !sandbox.isCached(interpreted, cache)) {
                    // A large module seen for the first time starts at once in the interpreter; its classes are
                    // compiled meanwhile for the next run, as the invoker does.
                    guest = interpreted;
                    compiling = Thread.ofVirtual().start(() -> compileQuietly(sandbox, interpreted, cache));
                } else {
                    guest = sandbox.compile(interpreted, cache);
                }
            } catch (GuestModuleException e) {
                err.println("sockeye: " + arguments.module() + ": " + e.getMessage());
                return USAGE_EXIT_CODE;
            } catch (GuestLinkException e) {
                err.println("sockeye: " + arguments.module() + " imports what Sockeye does not provide:");
                e.unsatisfied().forEach(unsatisfied -> err.println("  " + unsatisfied));
                return USAGE_EXIT_CODE;
            }
            GuestOutcome outcome = runOnVirtualThread(sandbox, guest, options(arguments, policy, in, out, err));
            if (outcome.kind() == GuestOutcome.Kind.TRAPPED) {
                err.println("sockeye: guest trapped: " + outcome.message());
            }
            if (compiling != null) {
                compiling.join(); // the guest's output is out; the next run then starts from the cache
            }
            return outcome.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return GuestOutcome.INTERRUPT_EXIT_CODE;
        }
    }

    /**
     * The compile cache the platform's triggers use, {@code $SOCKEYE_HOME/compile-cache} or
     * {@code $HOME/.sockeye/compile-cache}; null (compile every time) without either, or if it cannot be created.
     */
    static DiskCompileCache compileCache(Map<String, String> hostEnvironment) {
        String sockeyeHome = hostEnvironment.get("SOCKEYE_HOME");
        String home = hostEnvironment.get("HOME");
        Path root;
        if (sockeyeHome != null && !sockeyeHome.isBlank()) {
            root = Path.of(sockeyeHome, "compile-cache");
        } else if (home != null && !home.isBlank()) {
            root = Path.of(home, ".sockeye", "compile-cache");
        } else {
            return null;
        }
        try {
            return new DiskCompileCache(root);
        } catch (IOException | RuntimeException e) {
            return null; // a read-only home only costs the compile time
        }
    }

    private static long interpretAboveBytes(Map<String, String> hostEnvironment) {
        try {
            return Long.parseLong(hostEnvironment
                    .getOrDefault("SOCKEYE_INTERPRET_ABOVE_BYTES", "")
                    .strip());
        } catch (NumberFormatException e) {
            return INTERPRET_ABOVE_BYTES;
        }
    }

    private static void compileQuietly(Sandbox sandbox, CompiledGuest interpreted, DiskCompileCache cache) {
        try {
            sandbox.compile(interpreted, cache);
        } catch (RuntimeException e) {
            // Only the next run's start-up is at stake; this run's output must not carry engine noise.
        }
    }

    /** Adds the certificates of a PEM (or DER) file to {@code into}; returns what is wrong with it, or null. */
    private static GuestOptions options(
            RunArguments arguments, EgressPolicy policy, InputStream in, PrintStream out, PrintStream err) {
        var options = GuestOptions.builder()
                .args(arguments.module(), arguments.guestArgs())
                .stdin(in)
                .stdout(out)
                .stderr(err)
                .guard(guard(arguments.allowAll(), policy, new DenialLine(err)));
        arguments.environment().forEach(options::env);
        for (var directory : arguments.directories()) {
            options.preopen(directory.host(), directory.guest(), false);
        }
        return options.build();
    }

    /** Allow-all with {@code --allow-all}; deny-all without rules; otherwise the rules' guard. */
    private static EgressGuard guard(boolean allowAll, EgressPolicy policy, EgressListener denials) {
        if (allowAll) {
            return EgressGuard.allowAll(denials);
        }
        return policy.rules().isEmpty() ? EgressGuard.denyAll(denials) : RuleGuard.of(policy, denials);
    }

    /** Runs the guest on a virtual thread; a JVM shutdown (Ctrl-C) interrupts it and waits briefly for it to stop. */
    private static GuestOutcome runOnVirtualThread(Sandbox sandbox, CompiledGuest guest, GuestOptions options) {
        var outcome = new AtomicReference<GuestOutcome>();
        var failure = new AtomicReference<RuntimeException>();
        Thread guestThread = Thread.ofVirtual().name("sockeye-guest").unstarted(() -> {
            try {
                outcome.set(sandbox.run(guest, options));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        Thread interrupter = new Thread(
                () -> {
                    guestThread.interrupt();
                    try {
                        guestThread.join(SHUTDOWN_GRACE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "sockeye-interrupt");
        Runtime.getRuntime().addShutdownHook(interrupter);
        guestThread.start();
        try {
            joinStoppingOnInterrupt(guestThread);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupter);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already exiting (Ctrl-C): the hook is running and will finish on its own.
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return outcome.get();
    }

    /** Waits for the guest; if this thread is interrupted meanwhile, interrupts the guest and still waits for it. */
    private static void joinStoppingOnInterrupt(Thread guestThread) {
        boolean interrupted = false;
        while (guestThread.isAlive()) {
            try {
                guestThread.join();
            } catch (InterruptedException e) {
                interrupted = true;
                guestThread.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
