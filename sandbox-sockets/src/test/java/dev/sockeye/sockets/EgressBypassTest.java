package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.dns.HostsFileNameResolver;
import dev.sockeye.sockets.egress.EgressDecision.Verdict;
import dev.sockeye.sockets.egress.EgressMode;
import dev.sockeye.sockets.egress.EgressOperatorConfig;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.sockets.egress.EgressRequest.Kind;
import dev.sockeye.sockets.egress.RuleGuard;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.testing.EchoServer;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import dev.sockeye.sockets.testing.RecordingListener;
import dev.sockeye.sockets.testing.UdpEchoServer;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attempts to get around the egress rules, made by real guests against real servers on loopback. Names resolve
 * through a hosts-file resolver. Loopback is a special range, so name rules reach it here only because the
 * operator setting allowing special ranges for names is on where a test says so.
 */
class EgressBypassTest {
    static Sandbox sandbox;
    static EchoServer echo;
    static EchoServer echoOn127002;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.builder().resolver(HostsFileNameResolver.parse("""
                127.0.0.1 loop.test Echo.Test
                127.0.0.2 other.test
                ::ffff:127.0.0.1 mapped.test
                169.254.169.254 metadata.test
                """)).build();
        echo = new EchoServer();
        echoOn127002 = new EchoServer(InetAddress.getByName("127.0.0.2"));
    }

    @AfterAll
    static void stop() throws Exception {
        echo.close();
        echoOn127002.close();
        sandbox.close();
    }

    static final EgressOperatorConfig LOOPBACK_NAMES_ALLOWED =
            EgressOperatorConfig.defaults().withSpecialRangesForNames(true);

    record Attempt(GuestRun run, RecordingListener listener) {
        int exitCode() {
            return run.await().exitCode();
        }
    }

    static Attempt attempt(List<String> rules, EgressOperatorConfig operator, String guest, String... args) {
        var listener = new RecordingListener();
        var guard = RuleGuard.of(EgressPolicy.parse(rules, EgressMode.ENFORCE, operator), listener);
        return new Attempt(GuestRun.start(sandbox, sandbox.compile(Guests.bytes(guest)), guard, args), listener);
    }

    static String port(EchoServer server) {
        return String.valueOf(server.port());
    }

    @Test
    void anIpRuleLetsTheGuestReachLoopback() {
        var attempt = attempt(
                List.of("tcp://127.0.0.1:" + port(echo)),
                EgressOperatorConfig.defaults(),
                "tcp_echo_client",
                "127.0.0.1",
                port(echo),
                "100");
        assertThat(attempt.exitCode()).as(attempt.run().stderr()).isZero();
    }

    @Test
    void aNameRuleNeverReachesANameThatResolvesToLoopback() {
        var attempt = attempt(
                List.of("loop.test:" + port(echo)),
                EgressOperatorConfig.defaults(),
                "tcp_echo_client",
                "loop.test",
                port(echo),
                "100");
        assertThat(attempt.exitCode()).isEqualTo(Errno.AINONAME.code());
    }

    @Test
    void theMetadataAddressStaysDeniedEvenWithSpecialRangesAllowedForNames() {
        var attempt = attempt(List.of("metadata.test:80"), LOOPBACK_NAMES_ALLOWED, "lookup", "metadata.test");
        assertThat(attempt.exitCode()).isEqualTo(Errno.AINONAME.code());
    }

    @Test
    void aNameRuleReachesItsNameWhateverTheCaseAndTrailingDot() {
        var attempt = attempt(
                List.of("echo.test:" + port(echo)),
                LOOPBACK_NAMES_ALLOWED,
                "tcp_echo_client",
                "ECHO.test.",
                port(echo),
                "100");
        assertThat(attempt.exitCode()).as(attempt.run().stderr()).isZero();
        assertThat(attempt.listener().decisions()).anySatisfy(decision -> {
            assertThat(decision.request().kind()).isEqualTo(Kind.CONNECT);
            assertThat(decision.verdict()).isEqualTo(Verdict.ALLOWED);
            assertThat(decision.pinnedName()).isEqualTo("echo.test");
        });
    }

    @Test
    void anAddressNotPinnedByAnAllowedLookupIsDenied() {
        int acceptedBefore = echo.acceptedConnections();
        var attempt = attempt(
                List.of("other.test:" + port(echo)),
                LOOPBACK_NAMES_ALLOWED,
                "tcp_echo_client",
                "127.0.0.1",
                port(echo),
                "100");
        assertThat(attempt.exitCode()).isEqualTo(Errno.ACCES.code());
        assertThat(echo.acceptedConnections()).as("connections the server saw").isEqualTo(acceptedBefore);
    }

    @Test
    void aPinnedAddressOnAnotherPortIsDenied() {
        var attempt = attempt(
                List.of("other.test:" + port(echo)),
                LOOPBACK_NAMES_ALLOWED,
                "tcp_echo_client",
                "other.test",
                port(echoOn127002),
                "100");
        assertThat(attempt.exitCode()).isEqualTo(Errno.ACCES.code());
        assertThat(attempt.listener().decisions()).anySatisfy(decision -> {
            assertThat(decision.request().kind()).isEqualTo(Kind.CONNECT);
            assertThat(decision.verdict()).isEqualTo(Verdict.DENIED);
        });
    }

    @Test
    void aPinnedAddressOnItsAllowedPortIsReached() {
        var attempt = attempt(
                List.of("other.test:" + port(echoOn127002)),
                LOOPBACK_NAMES_ALLOWED,
                "tcp_echo_client",
                "other.test",
                port(echoOn127002),
                "100");
        assertThat(attempt.exitCode()).as(attempt.run().stderr()).isZero();
    }

    @Test
    void anIpv4MappedIpv6SpellingOfLoopbackIsStillLoopback() {
        var byName = attempt(
                List.of("mapped.test:" + port(echo)),
                EgressOperatorConfig.defaults(),
                "tcp_echo_client",
                "mapped.test",
                port(echo),
                "100");
        assertThat(byName.exitCode()).isEqualTo(Errno.AINONAME.code());
        var byAddress = attempt(
                List.of("*:" + port(echo)),
                EgressOperatorConfig.defaults(),
                "tcp_echo_client",
                "::ffff:127.0.0.1",
                port(echo),
                "100");
        assertThat(byAddress.exitCode()).isEqualTo(Errno.ACCES.code());
    }

    @Test
    void numericSpellingsHandedToGetaddrinfoAreNotResolved() {
        for (String spelling : List.of("2130706433", "0x7f.1", "017700000001", "127.1")) {
            var attempt = attempt(
                    List.of("*:" + port(echo)), LOOPBACK_NAMES_ALLOWED, "tcp_echo_client", spelling, port(echo), "100");
            assertThat(attempt.exitCode()).as(spelling).isEqualTo(Errno.AINONAME.code());
        }
    }

    @Test
    void listeningWithoutAGrantIsDeniedAndWithOneWorks() throws Exception {
        var denied = attempt(
                List.of("tcp://127.0.0.1:" + port(echo)), EgressOperatorConfig.defaults(), "tcp_server", "0", "1");
        assertThat(denied.exitCode()).isEqualTo(Errno.ACCES.code());

        int freePort;
        try (var probe = new java.net.ServerSocket(0)) {
            freePort = probe.getLocalPort();
        }
        var granted = attempt(
                List.of("listen://:" + freePort),
                EgressOperatorConfig.defaults(),
                "tcp_server",
                String.valueOf(freePort),
                "1");
        granted.run().awaitStdout("listening=" + freePort);
        new java.net.Socket(InetAddress.getLoopbackAddress(), freePort).close();
        assertThat(granted.exitCode()).as(granted.run().stderr()).isZero();
    }

    @Test
    void aUdpReplyFromAStrangerNeverReachesTheGuest() {
        try (var server = new UdpEchoServer(true)) {
            var attempt = attempt(
                    List.of("udp://127.0.0.1:" + server.port()),
                    EgressOperatorConfig.defaults(),
                    "udp_client",
                    "127.0.0.1",
                    String.valueOf(server.port()),
                    "ping");
            assertThat(attempt.exitCode()).isEqualTo(Errno.AGAIN.code());
            assertThat(attempt.listener().decisions()).anySatisfy(decision -> {
                assertThat(decision.request().kind()).isEqualTo(Kind.RECEIVE);
                assertThat(decision.verdict()).isEqualTo(Verdict.DENIED);
            });
        }
    }

    @Test
    void aUdpReplyFromThePeerTheGuestWroteToArrives() {
        try (var server = new UdpEchoServer()) {
            var attempt = attempt(
                    List.of("udp://127.0.0.1:" + server.port()),
                    EgressOperatorConfig.defaults(),
                    "udp_client",
                    "127.0.0.1",
                    String.valueOf(server.port()),
                    "ping");
            assertThat(attempt.exitCode()).as(attempt.run().stderr()).isZero();
            assertThat(attempt.run().stdout()).contains("reply=PING");
        }
    }

    @Test
    void aReplacedPolicyAppliesToTheNextConnectOfARunningInstance() throws Exception {
        var policy = new AtomicReference<>(EgressPolicy.parse(List.of("tcp://127.0.0.1:" + port(echo))));
        var guard = new RuleGuard(policy::get, new RecordingListener());
        var guest = sandbox.compile(Guests.bytes("tcp_echo_client"));
        var first = GuestRun.start(sandbox, guest, guard, "127.0.0.1", port(echo), "100");
        assertThat(first.await().exitCode()).isZero();
        policy.set(EgressPolicy.parse(List.of("tcp://127.0.0.2:" + port(echo))));
        var second = GuestRun.start(sandbox, guest, guard, "127.0.0.1", port(echo), "100");
        assertThat(second.await().exitCode()).isEqualTo(Errno.ACCES.code());
    }

    @Test
    void aConnectionAlreadyOpenStaysOpenWhenThePolicyIsReplaced() throws Exception {
        try (var server = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var release = new java.util.concurrent.CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                try (var peer = server.accept()) {
                    release.await();
                    peer.getOutputStream().write(new byte[100_000]);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            var policy = new AtomicReference<>(EgressPolicy.parse(List.of("tcp://127.0.0.1:" + server.getLocalPort())));
            var guard = new RuleGuard(policy::get, new RecordingListener());
            var run = GuestRun.start(
                    sandbox,
                    sandbox.compile(Guests.bytes("park_recv")),
                    guard,
                    "127.0.0.1",
                    String.valueOf(server.getLocalPort()));
            run.awaitStdout("parked");
            policy.set(EgressPolicy.denyAll());
            release.countDown();
            assertThat(run.await().exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("closed");
        }
    }
}
