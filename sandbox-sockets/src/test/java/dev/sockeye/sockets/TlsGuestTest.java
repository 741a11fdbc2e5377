package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.dns.HostsFileNameResolver;
import dev.sockeye.sockets.egress.EgressDecision;
import dev.sockeye.sockets.egress.EgressDecision.Verdict;
import dev.sockeye.sockets.egress.EgressRequest.Kind;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.testing.GuestRun;
import dev.sockeye.sockets.testing.Guests;
import dev.sockeye.sockets.testing.RecordingListener;
import dev.sockeye.sockets.testing.TestPki;
import dev.sockeye.sockets.testing.TlsTestServer;
import dev.sockeye.sockets.testing.TlsTestServer.Fnv;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Host TLS (sock_tls_connect) with the C guest tls_fetch against loopback TLS servers whose certificates a test CA
 * issued: SNI, ALPN, bulk data both ways, each way verification fails, and tls:// rules that forbid plaintext.
 */
class TlsGuestTest {
    static TestPki pki;
    static TlsTestServer api;
    static TlsTestServer wrongName;
    static TlsTestServer expired;
    static TlsTestServer selfSigned;
    static TlsTestServer plaintext;
    static Sandbox sandbox;
    static CompiledGuest guest;
    static CompiledGuest rustGuest;

    @BeforeAll
    static void start() {
        pki = TestPki.shared();
        api = TlsTestServer.tls(pki.issued("api.test"));
        wrongName = TlsTestServer.tls(pki.issued("other.test"));
        expired = TlsTestServer.tls(pki.expired("expired.test"));
        selfSigned = TlsTestServer.tls(pki.selfSigned("self.test"));
        plaintext = TlsTestServer.plaintext();
        sandbox = Sandbox.builder()
                .resolver(
                        HostsFileNameResolver.parse("127.0.0.1 api.test wrong.test expired.test self.test plain.test"))
                .trustedCertificates(List.of(pki.ca()))
                .build();
        guest = sandbox.compile(Guests.bytes("tls_fetch"));
        rustGuest = sandbox.compile(Guests.bytes("tls_get"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        for (var server : List.of(api, wrongName, expired, selfSigned, plaintext)) {
            server.close();
        }
    }

    /** Runs tls_fetch under {@code rules}, names resolving to loopback as the test's hosts file says. */
    static GuestRun fetch(RecordingListener listener, List<String> rules, String... args) {
        return run(guest, listener, rules, args);
    }

    static GuestRun run(CompiledGuest compiled, RecordingListener listener, List<String> rules, String... args) {
        return GuestRun.underRules(sandbox, compiled, listener, rules, args);
    }

    static String tlsRule(TlsTestServer server, String name) {
        return "tls://" + name + ":" + server.port();
    }

    @Test
    void guestFetchesOverHostTlsAndTheServerSeesItsServerNameAndAlpnOffer() {
        var listener = new RecordingListener();
        var run = fetch(
                listener,
                List.of(tlsRule(api, "api.test")),
                "api.test",
                String.valueOf(api.port()),
                "--alpn",
                "h2,http/1.1");
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("alpn=h2\n", "sni=api.test alpn=h2\n", "got=0 ", "received=0 ");
        assertThat(api.serverNames()).contains("api.test");
        assertThat(api.alpnOffers()).contains(List.of("h2", "http/1.1"));

        EgressDecision connect = listener.decisions().stream()
                .filter(decision -> decision.request().kind() == Kind.CONNECT)
                .findFirst()
                .orElseThrow();
        assertThat(connect.hostTlsRequired()).isTrue();
        assertThat(connect.reason()).contains("only with host TLS");
        EgressDecision tls = listener.last(Kind.TLS);
        assertThat(tls.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(tls.rule()).isEqualTo(tlsRule(api, "api.test"));
        assertThat(tls.name()).isEqualTo("api.test");
        assertThat(tls.reason())
                .contains("name=api.test", "protocol=TLSv1.3", "cipher=TLS_", "alpn=h2", "subject=\"CN=api.test\"")
                .contains("expires=20", "verification=ok");
    }

    /** Sends and receives {@code size} pattern bytes over host TLS; both sides must see every byte. */
    static void assertRoundTrip(long size, String... extraArgs) {
        var args = new ArrayList<>(List.of("api.test", String.valueOf(api.port())));
        args.addAll(List.of(extraArgs));
        args.addAll(List.of("--upload", String.valueOf(size), "--download", String.valueOf(size)));
        var run = fetch(new RecordingListener(), List.of(tlsRule(api, "api.test")), args.toArray(String[]::new));
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        String hash = Fnv.hex(Fnv.ofPattern(size));
        assertThat(run.stdout())
                .contains("got=" + size + " fnv1a=" + hash + "\n")
                .contains("received=" + size + " fnv1a=" + hash + "\n");
    }

    @Test
    void tenMebibytesRoundTripEachWayOverHostTls() {
        assertRoundTrip(10L * 1024 * 1024);
    }

    @Test
    void pollOneoffWaitsOnAHostTlsSocketAsOnAPlainOne() {
        assertRoundTrip(256L * 1024, "--poll");
    }

    @Test
    void rustGuestFetchesOverHostTlsFromAnAddressOnlyATlsWildcardRuleAllows() {
        var listener = new RecordingListener();
        var run = run(
                rustGuest,
                listener,
                List.of("tls://*:" + api.port()),
                "127.0.0.1",
                String.valueOf(api.port()),
                "api.test",
                "http/1.1");
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("alpn=http/1.1\n", "sni=api.test alpn=http/1.1\n", "got=0 ");
        assertThat(listener.decisions())
                .filteredOn(decision -> decision.request().kind() == Kind.CONNECT)
                .singleElement()
                .satisfies(connect -> assertThat(connect.hostTlsRequired()).isTrue());
        assertThat(listener.last(Kind.TLS).rule()).isEqualTo("tls://*:" + api.port());
    }

    @Test
    void rustGuestGetsEconnabortedForACertificateIssuedToAnotherName() {
        var run = run(
                rustGuest,
                new RecordingListener(),
                List.of("tls://*:" + wrongName.port()),
                "127.0.0.1",
                String.valueOf(wrongName.port()),
                "wrong.test");
        assertThat(run.await().exitCode()).isEqualTo(Errno.CONNABORTED.code());
        assertThat(run.stderr()).contains("sock_tls_connect: errno=13");
    }

    @Test
    void withoutAlpnTheGuestReadsBackNoProtocol() {
        var run = fetch(
                new RecordingListener(), List.of(tlsRule(api, "api.test")), "api.test", String.valueOf(api.port()));
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("alpn=\n", "sni=api.test alpn=-\n");
    }

    /**
     * Runs tls_fetch to {@code name} on {@code server} under a tls:// rule for it; asserts the guest failed
     * sock_tls_connect with {@code errno} and returns the audited TLS denial.
     */
    static EgressDecision refusedTls(TlsTestServer server, String name, Errno errno) {
        var listener = new RecordingListener();
        var run = fetch(listener, List.of(tlsRule(server, name)), name, String.valueOf(server.port()));
        assertThat(run.await().exitCode()).as(run.stderr()).isEqualTo(errno.code());
        assertThat(run.stderr()).contains("sock_tls_connect: errno=" + errno.code());
        EgressDecision tls = listener.last(Kind.TLS);
        assertThat(tls.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(tls.reason()).contains("name=" + name, "verification=\"failed: ");
        return tls;
    }

    @Test
    void certificateForAnotherNameIsRefusedWithEconnabortedAndAudited() {
        assertThat(refusedTls(wrongName, "wrong.test", Errno.CONNABORTED).reason())
                .contains("certificate not valid for wrong.test", "subject=\"CN=other.test\"", "expires=")
                .contains("protocol=TLSv1.3", "cipher=TLS_");
    }

    @Test
    void expiredCertificateIsRefusedWithEconnabortedAndAudited() {
        assertThat(refusedTls(expired, "expired.test", Errno.CONNABORTED).reason())
                .contains("certificate expired at", "subject=\"CN=expired.test\"", "expires=")
                .contains("protocol=TLSv1.3", "cipher=TLS_");
    }

    @Test
    void selfSignedCertificateWithoutItsCaIsRefusedWithEconnabortedAndAudited() {
        assertThat(refusedTls(selfSigned, "self.test", Errno.CONNABORTED).reason())
                .contains("not issued by a trusted CA", "subject=\"CN=self.test\"");
    }

    @Test
    void plaintextServerBehindATlsRuleIsRefusedWithEprotoAndAudited() {
        assertThat(refusedTls(plaintext, "plain.test", Errno.PROTO).reason())
                .contains("does not speak TLS")
                .doesNotContain("subject=");
    }

    @Test
    void plaintextBeforeTheUpgradeOnATlsRuleConnectionIsRefusedWithEacces() {
        var run = fetch(
                new RecordingListener(),
                List.of(tlsRule(api, "api.test")),
                "api.test",
                String.valueOf(api.port()),
                "--plaintext-first");
        assertThat(run.await().exitCode()).isEqualTo(Errno.ACCES.code());
        assertThat(run.stderr()).contains("plaintext send: errno=2");
        assertThat(api.serverNames()).doesNotContain("-");
    }

    @Test
    void connectionAllowedByAPlainRuleMayStillUseHostTlsAndIsAuditedAsNotNeedingIt() {
        var listener = new RecordingListener();
        var run = fetch(
                listener,
                List.of("tcp://api.test:" + api.port()),
                "api.test",
                String.valueOf(api.port()),
                "--alpn",
                "http/1.1");
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("alpn=http/1.1\n");
        EgressDecision tls = listener.last(Kind.TLS);
        assertThat(tls.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(tls.reason()).contains("verification=ok", "(the connection needs no TLS)");
    }

    @Test
    void verificationStillAppliesWhenThePlainRuleNeedsNoTls() {
        var run = fetch(
                new RecordingListener(),
                List.of("tcp://self.test:" + selfSigned.port()),
                "self.test",
                String.valueOf(selfSigned.port()));
        assertThat(run.await().exitCode()).isEqualTo(Errno.CONNABORTED.code());
    }

    @Test
    void badAlpnListIsEinval() {
        var args = new ArrayList<>(List.of("api.test", String.valueOf(api.port()), "--alpn", "h2,,http/1.1"));
        var run = fetch(new RecordingListener(), List.of(tlsRule(api, "api.test")), args.toArray(String[]::new));
        assertThat(run.await().exitCode()).isEqualTo(Errno.INVAL.code());
    }
}
