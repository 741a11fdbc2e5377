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
 * The Rust SDK's host TLS ({@code sockeye::tls::TlsStream}, guests/sdk/rust/sockeye.rs) through the guest
 * tls_stream, against the loopback servers and test CA of {@link TlsGuestTest}: a fetch by name, SNI and ALPN at the
 * server, each certificate {@link TlsGuestTest} refuses (another name, expired, self-signed without its CA) and a
 * plaintext server behind a tls:// rule refused with the same errno and audit row as there, and the same binary in
 * plaintext.
 */
class TlsRustSdkGuestTest {
    static TestPki pki;
    static TlsTestServer api;
    static TlsTestServer wrongName;
    static TlsTestServer expired;
    static TlsTestServer selfSigned;
    static TlsTestServer plaintext;
    static TlsTestServer webServer;
    static Sandbox sandbox;
    static CompiledGuest guest;

    @BeforeAll
    static void start() {
        pki = TestPki.shared();
        api = TlsTestServer.tls(pki.issued("api.test"));
        wrongName = TlsTestServer.tls(pki.issued("other.test"));
        expired = TlsTestServer.tls(pki.expired("expired.test"));
        selfSigned = TlsTestServer.tls(pki.selfSigned("self.test"));
        plaintext = TlsTestServer.plaintextExchange();
        webServer = TlsTestServer.plaintext();
        sandbox = Sandbox.builder()
                .resolver(HostsFileNameResolver.parse(
                        "127.0.0.1 api.test wrong.test expired.test self.test plain.test web.test"))
                .trustedCertificates(List.of(pki.ca()))
                .build();
        guest = sandbox.compile(Guests.bytes("tls_stream"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        for (var server : List.of(api, wrongName, expired, selfSigned, plaintext, webServer)) {
            server.close();
        }
    }

    /** Runs tls_stream against {@code server} as {@code name}, under the tls:// rule for it, with host TLS. */
    static GuestRun fetchOverTls(RecordingListener listener, TlsTestServer server, String name, String... options) {
        var args = new ArrayList<>(List.of(name, String.valueOf(server.port()), "--tls", name));
        args.addAll(List.of(options));
        return GuestRun.underRules(
                sandbox, guest, listener, List.of("tls://" + name + ":" + server.port()), args.toArray(String[]::new));
    }

    @Test
    void rustSdkGuestFetchesOverHostTlsAndTheServerSeesItsServerNameAndAlpnOffer() {
        int size = 300_000;
        var listener = new RecordingListener();
        var run = fetchOverTls(listener, api, "api.test", "--alpn", "h2,http/1.1", "--download", String.valueOf(size));
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .contains("alpn=h2\n", "sni=api.test alpn=h2\n", "got=0 ")
                .contains("received=" + size + " fnv1a=" + Fnv.hex(Fnv.ofPattern(size)) + "\n", "connections=1 ");
        assertThat(api.serverNames()).contains("api.test");
        assertThat(api.alpnOffers()).contains(List.of("h2", "http/1.1"));
        EgressDecision tls = listener.last(Kind.TLS);
        assertThat(tls.verdict()).isEqualTo(Verdict.ALLOWED);
        assertThat(tls.reason()).contains("name=api.test", "alpn=h2", "verification=ok");
    }

    @Test
    void rustSdkGuestReadsBackNoProtocolWhenItOffersNone() {
        var run = fetchOverTls(new RecordingListener(), api, "api.test");
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("alpn=\n", "sni=api.test alpn=-\n");
    }

    @Test
    void certificateForAnotherNameIsRefusedWithEconnabortedAsAnIoErrorOfTheSdk() {
        var listener = new RecordingListener();
        var run = fetchOverTls(listener, wrongName, "wrong.test");
        assertThat(run.await().exitCode()).isEqualTo(Errno.CONNABORTED.code());
        assertThat(run.stderr()).contains("sock_tls_connect: errno=13");
        assertThat(run.stdout()).doesNotContain("alpn=");
        EgressDecision tls = listener.last(Kind.TLS);
        assertThat(tls.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(tls.reason()).contains("certificate not valid for wrong.test", "subject=\"CN=other.test\"");
    }

    /**
     * Runs tls_stream to {@code name} on {@code server} over host TLS; asserts the SDK's connect failed with
     * {@code errno}, which the guest exits with, and returns the audited TLS denial.
     */
    static EgressDecision refusedTls(TlsTestServer server, String name, Errno errno) {
        var listener = new RecordingListener();
        var run = fetchOverTls(listener, server, name);
        assertThat(run.await().exitCode()).as(run.stderr()).isEqualTo(errno.code());
        assertThat(run.stderr()).contains("sock_tls_connect: errno=" + errno.code());
        assertThat(run.stdout()).doesNotContain("alpn=");
        EgressDecision tls = listener.last(Kind.TLS);
        assertThat(tls.verdict()).isEqualTo(Verdict.DENIED);
        assertThat(tls.reason()).contains("name=" + name, "verification=\"failed: ");
        return tls;
    }

    @Test
    void expiredCertificateIsRefusedWithEconnabortedAndAudited() {
        assertThat(refusedTls(expired, "expired.test", Errno.CONNABORTED).reason())
                .contains("certificate expired at", "subject=\"CN=expired.test\"", "expires=");
    }

    @Test
    void selfSignedCertificateWithoutItsCaIsRefusedWithEconnabortedAndAudited() {
        assertThat(refusedTls(selfSigned, "self.test", Errno.CONNABORTED).reason())
                .contains("not issued by a trusted CA", "subject=\"CN=self.test\"");
    }

    @Test
    void plaintextServerBehindATlsRuleIsRefusedWithEprotoAndAudited() {
        assertThat(refusedTls(webServer, "web.test", Errno.PROTO).reason())
                .contains("does not speak TLS")
                .doesNotContain("subject=");
    }

    @Test
    void anEmptyAlpnEntryIsEinvalFromTheSdkBeforeAnyHandshake() {
        int handshakesBefore = api.serverNames().size();
        var run = fetchOverTls(new RecordingListener(), api, "api.test", "--alpn", "h2,");
        assertThat(run.await().exitCode()).isEqualTo(Errno.INVAL.code());
        assertThat(run.stderr()).contains("sock_tls_connect: errno=28");
        assertThat(api.serverNames()).hasSize(handshakesBefore);
    }

    @Test
    void repeatedConnectionsEachDoTheirOwnHandshake() {
        var listener = new RecordingListener();
        var run = fetchOverTls(listener, api, "api.test", "--connections", "3");
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("connections=3");
        assertThat(listener.decisions())
                .filteredOn(decision -> decision.request().kind() == Kind.TLS)
                .hasSize(3)
                .allSatisfy(decision -> assertThat(decision.verdict()).isEqualTo(Verdict.ALLOWED));
    }

    @Test
    void theSameGuestWithoutTlsTalksPlaintextToAPlainServer() {
        int size = 100_000;
        var listener = new RecordingListener();
        var run = GuestRun.underRules(
                sandbox,
                guest,
                listener,
                List.of("tcp://plain.test:" + plaintext.port()),
                "plain.test",
                String.valueOf(plaintext.port()),
                "--download",
                String.valueOf(size));
        assertThat(run.await().exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .startsWith("sni=- alpn=-\n")
                .contains("received=" + size + " fnv1a=" + Fnv.hex(Fnv.ofPattern(size)) + "\n");
        assertThat(listener.decisions())
                .noneMatch(decision -> decision.request().kind() == Kind.TLS);
    }
}
