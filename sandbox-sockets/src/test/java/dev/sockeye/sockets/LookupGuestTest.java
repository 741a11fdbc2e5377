package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.dns.HostsFileNameResolver;
import dev.sockeye.sockets.egress.EgressDecision.Verdict;
import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.egress.EgressRequest.Kind;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.testing.EchoServer;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import dev.sockeye.sockets.testing.RecordingListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sock_getaddrinfo through the guard, with a hosts-file resolver (no DNS is reachable here). */
class LookupGuestTest {
    static Sandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().resolver(HostsFileNameResolver.parse("""
                127.0.0.1 echo.test Mixed.Case.Test
                ::1 echo.test six.test
                """)).build();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static GuestRun run(String guest, EgressGuard guard, String... args) {
        return GuestRun.start(sandbox, sandbox.compile(Guests.bytes(guest)), guard, args);
    }

    @Test
    void lookupReturnsEveryAddressOfTheNameWithThePortOfTheService() {
        var run = run("lookup", EgressGuard.allowAll(EgressListener.none()), "echo.test", "8080");
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("addr=127.0.0.1 port=8080", "addr=::1 port=8080", "count=2");
    }

    @Test
    void lookupIsCaseInsensitiveAndIgnoresATrailingDot() {
        var run = run("lookup", EgressGuard.allowAll(EgressListener.none()), "mixed.case.test.");
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("addr=127.0.0.1", "count=1");
    }

    @Test
    void unknownNameGivesAiNoName() {
        var run = run("lookup", EgressGuard.allowAll(EgressListener.none()), "missing.test");
        assertThat(run.await().exitCode()).isEqualTo(Errno.AINONAME.code());
    }

    @Test
    void denyAllGuardRefusesTheLookupBeforeAnythingIsResolved() {
        var listener = new RecordingListener();
        var run = run("lookup", EgressGuard.denyAll(listener), "echo.test");
        assertThat(run.await().exitCode()).isEqualTo(Errno.AINONAME.code());
        assertThat(listener.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.request().kind()).isEqualTo(Kind.LOOKUP);
            assertThat(decision.request().hostName()).isEqualTo("echo.test");
            assertThat(decision.verdict()).isEqualTo(Verdict.DENIED);
        });
    }

    @Test
    void literalAddressesNeedNoLookupAndNoLookupDecision() {
        var listener = new RecordingListener();
        var run = run("lookup", EgressGuard.denyAll(listener), "127.0.0.1", "80");
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("addr=127.0.0.1 port=80");
        assertThat(listener.decisions()).isEmpty();
    }

    @Test
    void numericSpellingsOtherThanDottedQuadAreNamesNotAddresses() {
        for (String spelling : new String[] {"2130706433", "0x7f.1", "017700000001", "127.1"}) {
            var listener = new RecordingListener();
            var run = run("lookup", EgressGuard.denyAll(listener), spelling);
            assertThat(run.await().exitCode()).as(spelling).isEqualTo(Errno.AINONAME.code());
            assertThat(listener.decisions())
                    .singleElement()
                    .satisfies(decision ->
                            assertThat(decision.request().hostName()).isEqualTo(spelling));
        }
    }

    @Test
    void clientConnectsByNameThroughTheResolver() throws Exception {
        try (var echo = new EchoServer()) {
            var run = run(
                    "tcp_echo_client",
                    EgressGuard.allowAll(EgressListener.none()),
                    "echo.test",
                    String.valueOf(echo.port()),
                    "2048");
            assertThat(run.await().exitCode()).as(run.stderr()).isZero();
            assertThat(run.stdout()).contains("echoed=2048");
        }
    }
}
