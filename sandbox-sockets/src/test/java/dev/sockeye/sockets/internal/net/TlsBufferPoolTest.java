package dev.sockeye.sockets.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.CompiledGuest;
import dev.sockeye.sockets.GuestOutcome.Kind;
import dev.sockeye.sockets.Sandbox;
import dev.sockeye.sockets.dns.HostsFileNameResolver;
import dev.sockeye.sockets.egress.EgressMode;
import dev.sockeye.sockets.egress.EgressOperatorConfig;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.sockets.egress.RuleGuard;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import dev.sockeye.sockets.testing.RecordingListener;
import dev.sockeye.sockets.testing.TestPki;
import dev.sockeye.sockets.testing.TlsTestServer;
import dev.sockeye.sockets.testing.TlsTestServer.Fnv;
import io.netty.buffer.PoolArenaMetric;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Host TLS connections read and decrypt into {@link TlsBufferPool}'s pooled heap buffers, and every one of them goes
 * back to the pool: when the guest read it, when the connection ends, and when the guest is stopped mid-stream.
 */
class TlsBufferPoolTest {
    private static final long WAIT_NANOS = 10_000_000_000L;
    static TlsTestServer api;
    static Sandbox sandbox;
    static CompiledGuest guest;

    @BeforeAll
    static void start() {
        TestPki pki = TestPki.shared();
        api = TlsTestServer.tls(pki.issued("api.test"));
        sandbox = Sandbox.builder()
                .resolver(HostsFileNameResolver.parse("127.0.0.1 api.test"))
                .trustedCertificates(List.of(pki.ca()))
                .build();
        guest = sandbox.compile(Guests.bytes("tls_fetch"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        api.close();
    }

    private static List<String> rules() {
        return List.of("tls://api.test:" + api.port());
    }

    @Test
    void aStreamOverHostTlsIsReadThroughThePoolAndLeavesNoBufferTaken() throws InterruptedException {
        long allocationsBefore = heapAllocations();
        long size = 4L * 1024 * 1024;
        var run = GuestRun.underRules(
                sandbox,
                guest,
                new RecordingListener(),
                rules(),
                "api.test",
                String.valueOf(api.port()),
                "--upload",
                String.valueOf(size),
                "--download",
                String.valueOf(size));

        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("received=" + size + " fnv1a=" + Fnv.hex(Fnv.ofPattern(size)) + "\n");
        assertThat(heapAllocations()).isGreaterThan(allocationsBefore);
        awaitNoBufferTaken();
    }

    @Test
    void aGuestStoppedInTheMiddleOfAStreamLeavesNoBufferTaken() throws InterruptedException {
        var policy = EgressPolicy.parse(
                rules(), EgressMode.ENFORCE, EgressOperatorConfig.defaults().withSpecialRangesForNames(true));
        var guard = RuleGuard.of(policy, new RecordingListener());
        // A download far larger than the receive buffer: the connection holds a full buffer when it is stopped.
        var run = GuestRun.start(
                sandbox, guest, guard, "api.test", String.valueOf(api.port()), "--download", "1073741824");
        run.awaitStdout("got=0");
        while (sandbox.networkStats().bufferedBytes() == 0) {
            Thread.sleep(10);
        }

        run.interrupt();

        assertThat(run.await().kind()).isEqualTo(Kind.INTERRUPTED);
        awaitNoBufferTaken();
    }

    /** Waits until no buffer of the pool is allocated (the loop releases the last ones as the channel closes). */
    private static void awaitNoBufferTaken() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (takenBuffers() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(takenBuffers())
                .as("buffers of the host TLS pool still allocated")
                .isZero();
    }

    private static long takenBuffers() {
        var metric = TlsBufferPool.INSTANCE.metric();
        return sum(metric.heapArenas(), PoolArenaMetric::numActiveAllocations)
                + sum(metric.directArenas(), PoolArenaMetric::numActiveAllocations);
    }

    private static long heapAllocations() {
        return sum(TlsBufferPool.INSTANCE.metric().heapArenas(), PoolArenaMetric::numAllocations);
    }

    private static long sum(List<PoolArenaMetric> arenas, ToLongFunction<PoolArenaMetric> count) {
        return arenas.stream().mapToLong(count).sum();
    }
}
