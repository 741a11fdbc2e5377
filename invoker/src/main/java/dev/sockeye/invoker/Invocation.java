package dev.sockeye.invoker;

import dev.sockeye.invoker.admission.AdmissionControl;
import dev.sockeye.invoker.audit.InvocationRecord;
import dev.sockeye.invoker.drain.InFlightRequests;
import dev.sockeye.invoker.registry.FunctionEgress;
import dev.sockeye.invoker.registry.ServedFunction;
import dev.sockeye.invoker.registry.ServedVersion;
import dev.sockeye.invoker.registry.Trigger;
import dev.sockeye.invoker.wagi.CgiEnvironment;
import dev.sockeye.invoker.wagi.GuestStdin;
import dev.sockeye.invoker.wagi.ResponseStreamer;
import dev.sockeye.invoker.wagi.StderrLines;
import dev.sockeye.invoker.wagi.TriggerProblem;
import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.GuestOptions;
import dev.sockeye.sockets.GuestOutcome;
import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.store.functions.FunctionLimits;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One request turned into one guest run: created on the event loop, runs on its own virtual thread (admission,
 * module, instance, {@code _start}), then hands the outcome to the response streamer and records it.
 */
final class Invocation implements InFlightRequests.Request {
    private static final System.Logger LOG = System.getLogger(Invocation.class.getName());

    private final InvokerRuntime runtime;
    private final ServedFunction function;
    private final FunctionLimits limits;
    private final String invocationId;
    private final String method;
    private final String path;
    private final Instant started = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final Map<String, String> environment;
    private final GuestStdin stdin;
    private final ResponseStreamer stdout;
    private final CountingStdin countingStdin;
    private volatile Thread runThread;
    private volatile Thread guestThread;
    private volatile boolean timedOut;
    private volatile boolean shuttingDown;
    private volatile boolean clientGone;
    private volatile String result = "not-run";

    /** On the request's event loop. */
    Invocation(InvokerRuntime runtime, HttpServerRequest request, Trigger trigger, FunctionLimits limits) {
        this.runtime = runtime;
        this.function = trigger.function();
        this.limits = limits;
        this.invocationId = runtime.nextInvocationId();
        request.response().putHeader(TriggerProblem.INVOCATION_ID_HEADER, invocationId);
        this.method = request.method().name();
        this.path = trigger.path();
        // Built here, on the event loop that owns the request; not at all for a cached module that imports no
        // environ call (hello-world handlers): nothing could read it.
        this.environment =
                runtime.modules().knownNotToReadEnvironment(function.version().moduleSha256())
                        ? Map.of()
                        : CgiEnvironment.of(request, trigger);
        Context eventLoop = runtime.vertx().getOrCreateContext();
        var config = runtime.config();
        this.stdin = new GuestStdin(
                request, eventLoop, limits.maxRequestBytes(), config.requestHighWaterBytes(), this::interruptGuest);
        this.countingStdin = new CountingStdin(stdin);
        this.stdout = new ResponseStreamer(
                request.response(),
                eventLoop,
                config.responseWindowBytes(),
                config.maxHeaderBytes(),
                limits.maxResponseBytes(),
                () -> {
                    clientGone = true;
                    interruptGuest();
                },
                this::interruptGuest);
        stdout.answered().whenComplete(this::record);
    }

    void start() {
        runtime.inFlight().add(this);
        Thread.ofVirtual().name("guest-" + function.name() + "-" + invocationId).start(this::run);
    }

    /** The invoker's drain deadline passed: stop queueing or running, and answer 503. */
    @Override
    public void interrupt() {
        shuttingDown = true;
        Thread thread = runThread;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void interruptGuest() {
        Thread thread = guestThread;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void run() {
        runThread = Thread.currentThread();
        if (shuttingDown) {
            stdin.discardRest();
            complete(() -> stdout.fail(shutdownProblem()), "not-run");
            return;
        }
        AdmissionControl.Permit permit;
        try {
            permit = runtime.admission().admit(function.name(), limits.maxConcurrency());
        } catch (AdmissionControl.Rejected rejected) {
            stdin.discardRest();
            complete(
                    () -> stdout.fail(TriggerProblem.overloaded(
                            function.name(),
                            rejected.getMessage(),
                            Math.max(1, runtime.config().retryAfter().toSeconds()))),
                    "not-run");
            return;
        } catch (InterruptedException e) {
            stdin.discardRest();
            complete(
                    () -> stdout.fail(
                            shuttingDown
                                    ? shutdownProblem()
                                    : TriggerProblem.overloaded(function.name(), "interrupted while queued", 1)),
                    "not-run");
            return;
        }
        try (permit) {
            runAdmitted();
        }
    }

    private void runAdmitted() {
        ServedVersion version = function.version();
        CompiledGuest guest;
        try {
            guest = runtime.modules().get(version);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "event=compile-failed function={0} module={1} error=\"{2}\"",
                    function.name(),
                    version.moduleSha256(),
                    e.getMessage());
            stdin.discardRest();
            complete(
                    () -> stdout.fail(
                            TriggerProblem.guestFailed(function.name(), "could not be compiled: " + e.getMessage())),
                    "not-run");
            return;
        }
        var stderr = new StderrLines(
                line -> runtime.audit().logLine(invocationId, function.name(), line),
                8 * 1024,
                runtime.config().maxLogLines());
        GuestOutcome outcome;
        String failure = null;
        guestThread = Thread.currentThread();
        if (shuttingDown) {
            interruptGuest(); // the drain's interrupt may have come between admission and here
        }
        var deadline = runtime.deadlines().register(limits.timeout(), () -> {
            timedOut = true;
            interruptGuest();
        });
        try {
            outcome = runtime.sandbox().run(guest, options(version, stderr));
        } catch (RuntimeException e) {
            outcome = null;
            failure = e.getMessage();
        } finally {
            deadline.close();
            guestThread = null;
            Thread.interrupted(); // a late timer or client close must not leak into what follows
        }
        stderr.close();
        stdin.discardRest();
        finish(outcome, failure);
    }

    private GuestOptions options(ServedVersion version, StderrLines stderr) {
        var options = GuestOptions.builder()
                .args(function.name(), version.args())
                .stdin(countingStdin)
                .stdout(stdout)
                .stderr(stderr)
                .guard(function.egress().newGuard(new DecisionReporter(), this::currentEgress))
                .limits(function.sandboxLimits(runtime.config().sandboxLimits()))
                .environment(environment); // handed over, not copied: nothing changes it after the constructor
        if (version.bundleDir() != null) {
            options.preopen(version.bundleDir(), ServedVersion.BUNDLE_GUEST_PATH, true);
        }
        return options.build();
    }

    /** The function's egress now: running guests follow policy changes, and lose egress when it is removed. */
    private FunctionEgress currentEgress() {
        ServedFunction now = runtime.registry().snapshot().function(function.name());
        return now == null ? FunctionEgress.DENY_ALL : now.egress();
    }

    private void finish(GuestOutcome outcome, String failure) {
        String name = function.name();
        String result;
        TriggerProblem problem = null;
        boolean abort = false;
        if (outcome == null) {
            result = "failed";
            problem = TriggerProblem.guestFailed(name, "could not start: " + failure);
        } else {
            result = describe(outcome);
            boolean cleanExit = outcome.kind() == GuestOutcome.Kind.EXITED && outcome.exitCode() == 0;
            if (stdin.tooLarge()) {
                problem = TriggerProblem.tooLarge(name, limits.maxRequestBytes());
            } else if (stdout.tooLarge()) {
                result = "response-too-large";
                problem = TriggerProblem.responseTooLarge(name, limits.maxResponseBytes());
            } else if (stdout.headInvalid()) {
                problem = TriggerProblem.badGateway(name, stdout.headProblem());
            } else if (shuttingDown && !cleanExit) {
                result = "interrupted-by-shutdown";
                problem = shutdownProblem();
            } else if (timedOut && !cleanExit) {
                result = "timeout";
                problem = TriggerProblem.timedOut(name, limits.timeout().toMillis());
            } else if (!stdout.headComplete()) {
                problem = outcome.kind() == GuestOutcome.Kind.EXITED && outcome.exitCode() == 0
                        ? TriggerProblem.badGateway(name, stdout.headProblem())
                        : TriggerProblem.guestFailed(name, result + " before writing response headers");
            } else if (outcome.kind() != GuestOutcome.Kind.EXITED) {
                problem = TriggerProblem.guestFailed(name, result);
                abort = true;
            }
        }
        if (outcome != null && outcome.kind() == GuestOutcome.Kind.TRAPPED) {
            runtime.audit().logLine(invocationId, name, "[sockeye] trapped: " + outcome.message());
        }
        TriggerProblem answer = problem;
        boolean abortStarted = abort;
        complete(() -> stdout.finish(answer, abortStarted), result);
    }

    private TriggerProblem shutdownProblem() {
        return TriggerProblem.shuttingDown(
                function.name(), Math.max(1, runtime.config().retryAfter().toSeconds()));
    }

    private static String describe(GuestOutcome outcome) {
        return switch (outcome.kind()) {
            case EXITED -> "exited(" + outcome.exitCode() + ")";
            case TRAPPED -> "trapped";
            case INTERRUPTED -> "interrupted";
        };
    }

    /**
     * Notes how the run ended; the response streamer then answers, and {@link #record} follows (it waits on the
     * streamer's {@code answered()} future, so the future each answer returns needs no one else).
     */
    private void complete(Runnable answer, String result) {
        this.result = result;
        answer.run();
    }

    /** Registered before anything can be sent, so it has run by the time the client has its answer. */
    private void record(Integer status, Throwable error) {
        runtime.inFlight().remove(this);
        int answered = status != null ? status : 500;
        Duration duration = Duration.ofNanos(System.nanoTime() - startedNanos);
        String outcome = clientGone ? result + ",client-gone" : result;
        runtime.metrics().invocation(function.name(), answered, duration);
        runtime.audit()
                .invocation(new InvocationRecord(
                        invocationId,
                        function.name(),
                        function.version().moduleSha256(),
                        function.version().number(),
                        method,
                        path,
                        answered,
                        outcome,
                        started,
                        duration,
                        countingStdin.count(),
                        stdout.bodyBytes()));
        if (answered >= 500) {
            LOG.log(
                    Level.INFO,
                    "event=invocation-failed function={0} invocation={1} status={2} outcome={3}",
                    function.name(),
                    invocationId,
                    String.valueOf(answered),
                    outcome);
        }
    }

    /** Every guard decision goes to metrics and audit; denials also to the log, one line each. */
    private final class DecisionReporter implements EgressListener {
        @Override
        public void onDecision(EgressDecision decision) {
            runtime.metrics().egressDecision(function.name(), decision);
            runtime.audit().egressDecision(invocationId, function.name(), decision);
            if (decision.verdict() != EgressDecision.Verdict.ALLOWED) {
                var request = decision.request();
                LOG.log(
                        Level.INFO,
                        "event=egress-{0} function={1} invocation={2} kind={3} target={4} port={5}" + " reason=\"{6}\"",
                        decision.verdict().name().toLowerCase(java.util.Locale.ROOT),
                        function.name(),
                        invocationId,
                        request.kind(),
                        request.hostName() != null
                                ? request.hostName()
                                : request.address().getHostAddress(),
                        String.valueOf(request.port()),
                        // a TLS reason quotes the certificate's subject; escaped, the line stays key=value
                        LogText.quotable(decision.reason()));
            }
        }
    }

    /** Counts the request bytes the guest read, for the invocation record. */
    private static final class CountingStdin extends java.io.FilterInputStream {
        private volatile long count;

        CountingStdin(java.io.InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws java.io.IOException {
            int read = super.read(bytes, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }

        long count() {
            return count;
        }
    }
}
