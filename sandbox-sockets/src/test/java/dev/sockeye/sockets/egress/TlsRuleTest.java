package dev.sockeye.sockets.egress;

import static dev.sockeye.sockets.egress.EgressDecision.Verdict.ALLOWED;
import static dev.sockeye.sockets.egress.EgressDecision.Verdict.DENIED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.egress.TlsHandshake.FailureKind;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/egress-policy.md, "TLS rules": one test per sentence, as the socket layer drives the guard. */
class TlsRuleTest {
    private static final InetAddress API = InetAddress.ofLiteral("203.0.113.10");
    private final List<EgressDecision> reported = new ArrayList<>();

    private RuleGuard guard(EgressMode mode, String... rules) {
        return RuleGuard.of(EgressPolicy.parse(List.of(rules), mode, EgressOperatorConfig.defaults()), reported::add);
    }

    /** Looks up api.example.com (203.0.113.10) as sock_getaddrinfo would, then connects to port {@code port}. */
    private static EgressDecision connect(RuleGuard guard, String name, int port) {
        if (guard.check(EgressRequest.lookup(name)).permitsGuest()) {
            guard.admitResolved(name, List.of(API));
        }
        return guard.check(EgressRequest.of(EgressRequest.Kind.CONNECT, Transport.TCP, API, port));
    }

    private static TlsHandshake verified(String name) {
        return new TlsHandshake(
                name,
                "TLSv1.3",
                "TLS_AES_128_GCM_SHA256",
                null,
                "CN=" + name,
                Instant.parse("2027-01-01T00:00:00Z"),
                null,
                null);
    }

    private static EgressDecision upgrade(RuleGuard guard, TlsHandshake handshake, int port) {
        return guard.checkTls(EgressRequest.tls(handshake.serverName(), API, port), handshake);
    }

    @Test
    void aTlsRuleAllowsTcpToPort443UnlessItNamesAPort() {
        assertThat(EgressRule.parse("tls://api.example.com").allowsService(Transport.TCP, 443))
                .isTrue();
        assertThat(EgressRule.parse("tls://api.example.com:8443").allowsService(Transport.TCP, 443))
                .isFalse();
        assertThat(EgressRule.parse("tls://api.example.com").allowsService(Transport.UDP, 443))
                .isFalse();
    }

    @Test
    void aConnectOnlyATlsRuleAllowsIsAllowedButRequiresHostTls() {
        EgressDecision decision = connect(guard(EgressMode.ENFORCE, "tls://api.example.com"), "api.example.com", 443);

        assertThat(decision.verdict()).isEqualTo(ALLOWED);
        assertThat(decision.hostTlsRequired()).isTrue();
        assertThat(decision.rule()).isEqualTo("tls://api.example.com");
        assertThat(decision.reason()).contains("only with host TLS");
    }

    @ParameterizedTest(name = "with {0}, a connect to 443 needs no host TLS")
    @CsvSource(delimiter = '|', textBlock = """
            https://api.example.com
            tcp://api.example.com:443
            tcp://*.example.com:443
            *://*:*
            """)
    void anyOtherRuleAllowingTheConnectionMeansItNeedsNoHostTls(String plainRule) {
        EgressDecision decision =
                connect(guard(EgressMode.ENFORCE, "tls://api.example.com", plainRule), "api.example.com", 443);

        assertThat(decision.verdict()).isEqualTo(ALLOWED);
        assertThat(decision.hostTlsRequired()).isFalse();
        assertThat(decision.rule()).isEqualTo(plainRule);
    }

    @Test
    void httpsKeepsMeaningTcp443WithoutHostTls() {
        EgressDecision decision = connect(guard(EgressMode.ENFORCE, "https://api.example.com"), "api.example.com", 443);

        assertThat(decision.hostTlsRequired()).isFalse();
    }

    @Test
    void aVerifiedHandshakeToANameATlsRuleAllowsIsAllowedAndReportedWithItsDetails() {
        RuleGuard guard = guard(EgressMode.ENFORCE, "tls://*.example.com");
        connect(guard, "api.example.com", 443);

        EgressDecision decision = upgrade(guard, verified("api.example.com"), 443);

        assertThat(decision.verdict()).isEqualTo(ALLOWED);
        assertThat(decision.rule()).isEqualTo("tls://*.example.com");
        assertThat(decision.reason())
                .isEqualTo("host TLS name=api.example.com protocol=TLSv1.3 cipher=TLS_AES_128_GCM_SHA256"
                        + " subject=\"CN=api.example.com\" expires=2027-01-01T00:00:00Z verification=ok");
        assertThat(reported).last().isEqualTo(decision);
    }

    @Test
    void aVerifiedHandshakeToANameNoTlsRuleAllowsIsDenied() {
        // The address was pinned for api.example.com; a certificate for another name does not make it allowed.
        RuleGuard guard = guard(EgressMode.ENFORCE, "tls://api.example.com");
        connect(guard, "api.example.com", 443);

        EgressDecision decision = upgrade(guard, verified("other.example.com"), 443);

        assertThat(decision.verdict()).isEqualTo(DENIED);
        assertThat(decision.reason()).startsWith("no tls:// rule allows port 443 of other.example.com");
    }

    @Test
    void aTlsRuleForAnotherPortDoesNotAllowTheHandshake() {
        RuleGuard guard = guard(EgressMode.ENFORCE, "tls://api.example.com:8443");

        assertThat(upgrade(guard, verified("api.example.com"), 443).verdict()).isEqualTo(DENIED);
    }

    @Test
    void aFailedHandshakeIsDeniedWithItsReason() {
        RuleGuard guard = guard(EgressMode.ENFORCE, "tls://api.example.com");
        var failed = new TlsHandshake(
                "api.example.com",
                null,
                null,
                null,
                "CN=api.example.com",
                Instant.parse("2020-01-01T00:00:00Z"),
                "certificate expired at 2020-01-01T00:00:00Z",
                FailureKind.CERTIFICATE);

        EgressDecision decision = upgrade(guard, failed, 443);

        assertThat(decision.verdict()).isEqualTo(DENIED);
        assertThat(decision.reason())
                .contains("expires=2020-01-01T00:00:00Z")
                .endsWith("verification=\"failed: certificate expired at 2020-01-01T00:00:00Z\"");
    }

    @Test
    void aHandshakeOnAConnectionAPlainRuleAllowsIsAllowedWhateverItsName() {
        RuleGuard guard = guard(EgressMode.ENFORCE, "https://api.example.com");
        connect(guard, "api.example.com", 443);

        EgressDecision decision = upgrade(guard, verified("other.example.com"), 443);

        assertThat(decision.verdict()).isEqualTo(ALLOWED);
        assertThat(decision.rule()).isEqualTo("https://api.example.com");
        assertThat(decision.reason()).endsWith("(the connection needs no TLS)");
    }

    @Test
    void learnModeRequiresNoHostTlsButSaysEnforceModeWould() {
        EgressDecision decision = connect(guard(EgressMode.LEARN, "tls://api.example.com"), "api.example.com", 443);

        assertThat(decision.verdict()).isEqualTo(ALLOWED);
        assertThat(decision.hostTlsRequired()).isFalse();
        assertThat(decision.reason()).endsWith("(enforce mode requires host TLS)");
    }

    @Test
    void theDryCheckSaysANameIsAllowedOnlyWithHostTls() {
        CheckResult result = EgressPolicy.parse(List.of("tls://api.example.com"))
                .check(Destination.name(Transport.TCP, "api.example.com", 443));

        assertThat(result.allowed()).isTrue();
        assertThat(result.reason()).startsWith("name allowed only with host TLS");
    }

    @Test
    void theDryCheckOfAnAddressOnlyATlsWildcardReachesSaysSo() {
        CheckResult result = EgressPolicy.parse(List.of("tls://*")).check(Destination.address(Transport.TCP, API, 443));

        assertThat(result.allowed()).isTrue();
        assertThat(result.reason()).isEqualTo("any host allowed, only with host TLS");
    }
}
