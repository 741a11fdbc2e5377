package dev.sockeye.sockets.egress;

import static dev.sockeye.sockets.egress.EgressDecision.Verdict.ALLOWED;
import static dev.sockeye.sockets.egress.EgressDecision.Verdict.DENIED;
import static dev.sockeye.sockets.egress.EgressDecision.Verdict.WOULD_DENY;
import static dev.sockeye.sockets.egress.EgressRequest.Kind.BIND;
import static dev.sockeye.sockets.egress.EgressRequest.Kind.CONNECT;
import static dev.sockeye.sockets.egress.EgressRequest.Kind.LISTEN;
import static dev.sockeye.sockets.egress.EgressRequest.Kind.RECEIVE;
import static dev.sockeye.sockets.egress.EgressRequest.Kind.SEND;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/egress-policy.md, "Enforcement" rules 1-7 and 9, as the socket layer drives the guard. */
class RuleGuardTest {

    /** A hosts-file style resolver: no real DNS is reachable from tests. */
    private static final Map<String, List<String>> HOSTS = Map.of(
            "api.example.com", List.of("203.0.113.10", "2001:db8::10"),
            "db.example.com", List.of("203.0.113.20"),
            "cdn.example.com", List.of("203.0.113.10"),
            "other.example.com", List.of("203.0.113.30"),
            "evil.example.com", List.of("127.0.0.1", "203.0.113.40"),
            "meta.example.com", List.of("169.254.169.254"),
            "mapped.example.com", List.of("::ffff:127.0.0.1", "::ffff:10.0.0.1"),
            "ns.example.com", List.of("203.0.113.53"));

    private final List<EgressDecision> reported = new ArrayList<>();
    private final EgressListener listener = reported::add;

    private RuleGuard guard(String... rules) {
        return RuleGuard.of(EgressPolicy.parse(List.of(rules)), listener);
    }

    /** What the socket layer does for sock_getaddrinfo: ask, resolve only if permitted, then admit. */
    private static List<InetAddress> lookUp(EgressGuard guard, String name) {
        if (!guard.check(EgressRequest.lookup(name)).permitsGuest()) {
            return List.of();
        }
        String key = name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
        var resolved = HOSTS.getOrDefault(key, List.of()).stream()
                .map(InetAddress::ofLiteral)
                .toList();
        return guard.admitResolved(name, resolved);
    }

    private static EgressDecision use(
            EgressGuard guard, EgressRequest.Kind kind, Transport transport, String address, int port) {
        return guard.check(EgressRequest.of(kind, transport, InetAddress.ofLiteral(address), port));
    }

    private static List<String> texts(List<InetAddress> addresses) {
        return addresses.stream().map(a -> Ip.of(a).toString()).toList();
    }

    // 1. Lookups

    @ParameterizedTest(name = "lookup of {1} under {0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            https://api.example.com          | api.example.com    | ALLOWED
            https://api.example.com          | API.EXAMPLE.COM.   | ALLOWED
            https://api.example.com          | db.example.com     | DENIED
            udp://*.example.com:53           | api.example.com    | ALLOWED
            udp://*.example.com:53           | example.com        | DENIED
            tcp://*:1                        | anything.org       | ALLOWED
            tcp://*:1                        | 2130706433         | DENIED
            tcp://*:1                        | 0x7f.1             | DENIED
            tcp://*:1                        | 017700000001       | DENIED
            tcp://*:1                        | 127.1              | DENIED
            tcp://*:1                        | localhost.         | ALLOWED
            tcp://127.0.0.1:80               | 127.0.0.1          | ALLOWED
            tcp://[::1]:80                   | ::1                | ALLOWED
            tcp://[::1]:80                   | [::1]              | ALLOWED
            tcp://127.0.0.1:80               | 127.0.0.2          | DENIED
            tcp://*:1                        | 127.0.0.1          | DENIED
            tcp://*:1                        | 93.184.215.14      | ALLOWED
            listen://:8080                   | api.example.com    | DENIED
            tcp://10.0.0.0/8:80              | api.example.com    | DENIED
            """)
    void aLookupIsAllowedOnlyIfSomeRulesHostMatchesTheName(String rule, String name, EgressDecision.Verdict verdict) {
        assertThat(guard(rule).check(EgressRequest.lookup(name)).verdict()).isEqualTo(verdict);
    }

    @Test
    void aDeniedLookupResolvesNothingAndTheSocketLayerReturnsAiNoName() {
        RuleGuard guard = guard("https://api.example.com");

        assertThat(lookUp(guard, "db.example.com")).isEmpty();
        assertThat(guard.pins()).isEmpty();
        assertThat(EgressGuard.LOOKUP_DENIED_ERRNO).isEqualTo(84);
        assertThat(reported).singleElement().satisfies(d -> {
            assertThat(d.verdict()).isEqualTo(DENIED);
            assertThat(d.reason()).isEqualTo("no rule's host matches db.example.com");
        });
    }

    // 2. Pinning

    @Test
    void resolvedAddressesArePinnedWithTheNameAndTheRulesThatAllowedIt() {
        RuleGuard guard = guard("https://api.example.com", "tcp://*.example.com:8443");

        assertThat(texts(lookUp(guard, "API.example.com."))).containsExactly("203.0.113.10", "2001:db8::10");
        assertThat(guard.pins()).singleElement().satisfies(pin -> {
            assertThat(pin.name()).isEqualTo("api.example.com");
            assertThat(texts(pin.addresses())).containsExactly("203.0.113.10", "2001:db8::10");
            assertThat(pin.rules()).containsExactly("https://api.example.com", "tcp://*.example.com:8443");
        });
    }

    @Test
    void anInstanceCannotPinMoreAddressesThanTheOperatorAllows() {
        var config = EgressOperatorConfig.defaults().withMaxPinnedAddresses(2);
        var guard = RuleGuard.of(
                EgressPolicy.parse(List.of("tcp://*.example.com:443"), EgressMode.ENFORCE, config), listener);

        assertThat(lookUp(guard, "api.example.com")).hasSize(2);
        assertThat(lookUp(guard, "cdn.example.com"))
                .as("already pinned address")
                .hasSize(1);
        assertThat(lookUp(guard, "db.example.com")).isEmpty();
        assertThat(reported).last().extracting(EgressDecision::reason).isEqualTo("pin table full (2 addresses)");
    }

    // 3. Connect and send

    @Test
    void connectToAPinnedAddressIsAllowedOnThePortAndProtocolOfTheNamesRule() {
        RuleGuard guard = guard("https://api.example.com");
        lookUp(guard, "api.example.com");

        EgressDecision decision = use(guard, CONNECT, Transport.TCP, "2001:db8::10", 443);

        assertThat(decision.verdict()).isEqualTo(ALLOWED);
        assertThat(decision.rule()).isEqualTo("https://api.example.com");
        assertThat(decision.pinnedName()).isEqualTo("api.example.com");
    }

    @ParameterizedTest(name = "{0} {1} {2}:{3} after looking up api.example.com is denied")
    @CsvSource(delimiter = '|', textBlock = """
            CONNECT | TCP | 203.0.113.10 | 22
            CONNECT | UDP | 203.0.113.10 | 443
            SEND    | UDP | 203.0.113.10 | 443
            CONNECT | TCP | 203.0.113.99 | 443
            CONNECT | TCP | 203.0.113.20 | 443
            """)
    void connectToAnotherPortProtocolOrAnUnpinnedAddressIsDenied(
            EgressRequest.Kind kind, Transport transport, String address, int port) {
        RuleGuard guard = guard("https://api.example.com");
        lookUp(guard, "api.example.com");

        assertThat(use(guard, kind, transport, address, port).verdict()).isEqualTo(DENIED);
    }

    @Test
    void anIpRuleAllowsItsAddressWithoutALookup() {
        RuleGuard guard = guard("tcp://127.0.0.1:8080", "udp://[::1]:5353");

        assertThat(use(guard, CONNECT, Transport.TCP, "127.0.0.1", 8080).verdict())
                .isEqualTo(ALLOWED);
        assertThat(use(guard, CONNECT, Transport.TCP, "::ffff:127.0.0.1", 8080).verdict())
                .isEqualTo(ALLOWED);
        assertThat(use(guard, SEND, Transport.UDP, "::1", 5353).verdict()).isEqualTo(ALLOWED);
        assertThat(use(guard, CONNECT, Transport.TCP, "127.0.0.1", 8081).verdict())
                .isEqualTo(DENIED);
    }

    @Test
    void allowAllStillObeysTheOperatorsDenyList() {
        EgressGuard allowAll = EgressGuard.allowAll(listener);

        assertThat(use(allowAll, CONNECT, Transport.TCP, "203.0.113.7", 443).verdict())
                .isEqualTo(ALLOWED);
        EgressDecision metadata = use(allowAll, CONNECT, Transport.TCP, "169.254.169.254", 80);
        assertThat(metadata.verdict()).isEqualTo(DENIED);
        assertThat(metadata.reason()).contains("operator deny list 169.254.169.254");
        assertThat(use(allowAll, SEND, Transport.UDP, "::ffff:169.254.169.254", 53)
                        .verdict())
                .isEqualTo(DENIED);
        assertThat(allowAll.admitResolved(
                        "metadata.test",
                        List.of(InetAddress.ofLiteral("169.254.169.254"), InetAddress.ofLiteral("203.0.113.7"))))
                .containsExactly(InetAddress.ofLiteral("203.0.113.7"));
    }

    @Test
    void aLookedUpNameIsJudgedAndReportedWithItsControlCharactersEscaped() {
        EgressDecision decision =
                guard("https://api.example.com").check(EgressRequest.lookup("x.test\nsockeye: allowed connect"));

        assertThat(decision.verdict()).isEqualTo(DENIED);
        assertThat(decision.request().hostName()).isEqualTo("x.test\\x0asockeye: allowed connect");
        assertThat(decision.reason()).doesNotContain("\n");
    }

    @Test
    void aConnectOrSendToTheUnspecifiedAddressIsJudgedAsTheLoopbackItReaches() {
        RuleGuard namingUnspecified = guard("tcp://0.0.0.0:8080", "udp://[::]:5353");
        assertThat(use(namingUnspecified, CONNECT, Transport.TCP, "0.0.0.0", 8080)
                        .verdict())
                .isEqualTo(DENIED);
        assertThat(use(namingUnspecified, SEND, Transport.UDP, "::", 5353).verdict())
                .isEqualTo(DENIED);

        RuleGuard namingLoopback = guard("tcp://127.0.0.1:8080", "udp://[::1]:5353");
        assertThat(use(namingLoopback, CONNECT, Transport.TCP, "0.0.0.0", 8080).verdict())
                .isEqualTo(ALLOWED);
        assertThat(use(namingLoopback, SEND, Transport.UDP, "::", 5353).verdict())
                .isEqualTo(ALLOWED);
    }

    @Test
    void aLaterLookupOfAnotherNameNeverWidensWhatAnEarlierPinAllowed() {
        RuleGuard guard = guard("https://api.example.com", "tcp://db.example.com:5432");
        lookUp(guard, "api.example.com");
        lookUp(guard, "db.example.com");

        assertThat(use(guard, CONNECT, Transport.TCP, "203.0.113.10", 5432).verdict())
                .isEqualTo(DENIED);
        assertThat(use(guard, CONNECT, Transport.TCP, "203.0.113.20", 443).verdict())
                .isEqualTo(DENIED);
        assertThat(use(guard, CONNECT, Transport.TCP, "203.0.113.20", 5432).verdict())
                .isEqualTo(ALLOWED);
    }

    @Test
    void anAddressTwoNamesResolvedToIsAllowedOnEachNamesOwnPorts() {
        RuleGuard guard = guard("https://api.example.com", "http://cdn.example.com");
        lookUp(guard, "api.example.com");
        lookUp(guard, "cdn.example.com");

        assertThat(use(guard, CONNECT, Transport.TCP, "203.0.113.10", 443).pinnedName())
                .isEqualTo("api.example.com");
        assertThat(use(guard, CONNECT, Transport.TCP, "203.0.113.10", 80).pinnedName())
                .isEqualTo("cdn.example.com");
    }

    // 4. Special ranges and the operator deny list

    @Test
    void aNameThatResolvesToASpecialRangeIsGivenOnlyItsOtherAddresses() {
        RuleGuard guard = guard("tcp://evil.example.com:80");

        assertThat(texts(lookUp(guard, "evil.example.com"))).containsExactly("203.0.113.40");
        assertThat(use(guard, CONNECT, Transport.TCP, "127.0.0.1", 80).verdict())
                .isEqualTo(DENIED);
        assertThat(reported).filteredOn(d -> d.verdict() == DENIED).first().satisfies(d -> {
            assertThat(d.request().kind()).isEqualTo(EgressRequest.Kind.LOOKUP);
            assertThat(d.request().address()).isEqualTo(InetAddress.ofLiteral("127.0.0.1"));
            assertThat(d.reason()).isEqualTo("special range 127.0.0.0/8 (loopback) is refused for name rules");
        });
    }

    @Test
    void ipv4MappedFormsOfSpecialAddressesAreRefusedForNames() {
        RuleGuard guard = guard("tcp://mapped.example.com:80");

        assertThat(lookUp(guard, "mapped.example.com")).isEmpty();
        assertThat(use(guard, CONNECT, Transport.TCP, "::ffff:127.0.0.1", 80).verdict())
                .isEqualTo(DENIED);
    }

    @Test
    void anExplicitIpRuleMayReachASpecialRangeAndItsNameThen() {
        RuleGuard guard = guard("tcp://evil.example.com:80", "tcp://127.0.0.1:80");

        assertThat(texts(lookUp(guard, "evil.example.com"))).containsExactly("127.0.0.1", "203.0.113.40");
        assertThat(use(guard, CONNECT, Transport.TCP, "127.0.0.1", 80).rule()).isEqualTo("tcp://127.0.0.1:80");
    }

    @Test
    void theOperatorMayLetNamesReachSpecialRanges() {
        var config = EgressOperatorConfig.of(EgressOperatorConfig.DEFAULT_DENY_LIST, true);
        var guard = RuleGuard.of(
                EgressPolicy.parse(List.of("tcp://evil.example.com:80"), EgressMode.ENFORCE, config), listener);

        assertThat(texts(lookUp(guard, "evil.example.com"))).containsExactly("127.0.0.1", "203.0.113.40");
        assertThat(use(guard, CONNECT, Transport.TCP, "127.0.0.1", 80).verdict())
                .isEqualTo(ALLOWED);
    }

    @Test
    void theDenyListBeatsEveryRuleEvenWhenNamesMayReachSpecialRanges() {
        var config = EgressOperatorConfig.of(EgressOperatorConfig.DEFAULT_DENY_LIST, true);
        var policy = EgressPolicy.parse(
                List.of("tcp://meta.example.com:80", "tcp://169.254.0.0/16:80"), EgressMode.ENFORCE, config);
        var guard = RuleGuard.of(policy, listener);

        assertThat(lookUp(guard, "meta.example.com")).isEmpty();
        EgressDecision decision = use(guard, CONNECT, Transport.TCP, "169.254.169.254", 80);
        assertThat(decision.verdict()).isEqualTo(DENIED);
        assertThat(decision.reason()).isEqualTo("operator deny list 169.254.169.254");
    }

    // 5. UDP replies

    @Test
    void aDatagramIsDeliveredOnlyFromAPeerTheGuestSentTo() {
        RuleGuard guard = guard("udp://ns.example.com:53");
        lookUp(guard, "ns.example.com");

        assertThat(use(guard, RECEIVE, Transport.UDP, "203.0.113.53", 53).verdict())
                .as("before sending")
                .isEqualTo(DENIED);
        use(guard, SEND, Transport.UDP, "203.0.113.53", 53);

        assertThat(use(guard, RECEIVE, Transport.UDP, "203.0.113.53", 53).verdict())
                .isEqualTo(ALLOWED);
        assertThat(use(guard, RECEIVE, Transport.UDP, "203.0.113.53", 5353).verdict())
                .as("other port")
                .isEqualTo(DENIED);
        assertThat(use(guard, RECEIVE, Transport.UDP, "203.0.113.66", 53).verdict())
                .as("stranger")
                .isEqualTo(DENIED);
    }

    @Test
    void aDatagramIsDeliveredFromAPeerTheGuestConnectedTo() {
        RuleGuard guard = guard("udp://127.0.0.1:9999");

        use(guard, CONNECT, Transport.UDP, "127.0.0.1", 9999);

        assertThat(use(guard, RECEIVE, Transport.UDP, "127.0.0.1", 9999).verdict())
                .isEqualTo(ALLOWED);
    }

    @Test
    void aDeniedSendDoesNotMakeThePeerContacted() {
        RuleGuard guard = guard("udp://127.0.0.1:9999");

        use(guard, SEND, Transport.UDP, "127.0.0.2", 9999);

        assertThat(use(guard, RECEIVE, Transport.UDP, "127.0.0.2", 9999).verdict())
                .isEqualTo(DENIED);
    }

    // Listening

    @ParameterizedTest(name = "{0} {1}:{2} under listen://127.0.0.1:8080 and listen://:9000 -> {3}, inbound {4}")
    @CsvSource(delimiter = '|', textBlock = """
            BIND   | 127.0.0.1 | 8080 | ALLOWED | true
            LISTEN | 127.0.0.1 | 8080 | ALLOWED | true
            BIND   | 0.0.0.0   | 8080 | DENIED  | false
            BIND   | 0.0.0.0   | 9000 | ALLOWED | true
            LISTEN | ::        | 9000 | ALLOWED | true
            LISTEN | 127.0.0.1 | 8081 | DENIED  | false
            BIND   | 0.0.0.0   | 0    | ALLOWED | false
            BIND   | ::        | 0    | ALLOWED | false
            """)
    void bindingAPortOrListeningNeedsAListenGrantWhileEphemeralBindsGrantNothingInbound(
            EgressRequest.Kind kind, String address, int port, EgressDecision.Verdict verdict, boolean inbound) {
        RuleGuard guard = guard("listen://127.0.0.1:8080", "listen://:9000");

        EgressDecision decision = use(guard, kind, Transport.UDP, address, port);

        assertThat(decision.verdict()).isEqualTo(verdict);
        assertThat(decision.grantsInbound()).isEqualTo(inbound);
    }

    @Test
    void withoutAListenRuleTheGuestCannotListen() {
        RuleGuard guard = guard("tcp://*:1-65535");

        assertThat(use(guard, LISTEN, Transport.TCP, "0.0.0.0", 8080).verdict()).isEqualTo(DENIED);
        assertThat(use(guard, BIND, Transport.UDP, "0.0.0.0", 5353).verdict()).isEqualTo(DENIED);
        assertThat(reported)
                .last()
                .extracting(EgressDecision::reason)
                .isEqualTo("no listen rule grants port 5353 on every local address");
    }

    // 6. Reporting

    @Test
    void everyDecisionAllowedOrDeniedIsReportedWithItsDetails() {
        RuleGuard guard = guard("https://api.example.com");
        lookUp(guard, "api.example.com");
        use(guard, CONNECT, Transport.TCP, "203.0.113.10", 443);
        use(guard, CONNECT, Transport.TCP, "203.0.113.10", 22);

        assertThat(reported)
                .extracting(EgressDecision::toLogLine)
                .containsExactly(
                        "egress kind=lookup verdict=allowed protocol=tcp port=0 name=api.example.com"
                                + " rule=\"https://api.example.com\" reason=\"name allowed\"",
                        "egress kind=connect verdict=allowed protocol=tcp address=203.0.113.10 port=443 name=api.example.com"
                                + " rule=\"https://api.example.com\" reason=\"pinned by an allowed lookup\"",
                        "egress kind=connect verdict=denied protocol=tcp address=203.0.113.10 port=22 name=api.example.com"
                                + " reason=\"pinned for api.example.com, but no rule allows tcp port 22 of api.example.com\"");
    }

    // 7. Learn mode

    @Test
    void learnModeDeniesNothingButReportsWhatWouldHaveBeenDenied() {
        var policy = EgressPolicy.parse(List.of("https://api.example.com")).withMode(EgressMode.LEARN);
        var guard = RuleGuard.of(policy, listener);

        assertThat(texts(lookUp(guard, "evil.example.com"))).containsExactly("127.0.0.1", "203.0.113.40");
        EgressDecision connect = use(guard, CONNECT, Transport.TCP, "127.0.0.1", 80);
        EgressDecision allowed = use(guard, CONNECT, Transport.TCP, "93.184.215.14", 443);

        assertThat(connect.verdict()).isEqualTo(WOULD_DENY);
        assertThat(connect.permitsGuest()).isTrue();
        assertThat(allowed.verdict()).isEqualTo(WOULD_DENY);
        assertThat(reported).extracting(EgressDecision::verdict).containsOnly(WOULD_DENY);
        assertThat(reported).hasSize(5);
    }

    @Test
    void aBindLetThroughInLearnModeGrantsNothingInboundSoStrangersAreReported() {
        var guard = RuleGuard.of(
                EgressPolicy.parse(List.of("https://api.example.com")).withMode(EgressMode.LEARN), listener);

        EgressDecision bind = use(guard, BIND, Transport.UDP, "0.0.0.0", 5353);
        EgressDecision datagram = use(guard, RECEIVE, Transport.UDP, "203.0.113.66", 5353);

        assertThat(bind.permitsGuest()).isTrue();
        assertThat(bind.grantsInbound()).isFalse();
        assertThat(datagram.verdict()).isEqualTo(WOULD_DENY);
    }

    @Test
    void enforceIsTheDefaultMode() {
        assertThat(EgressPolicy.parse(List.of("https://api.example.com")).mode())
                .isEqualTo(EgressMode.ENFORCE);
        assertThat(EgressMode.parse(" Learn ")).isEqualTo(EgressMode.LEARN);
    }

    // 9. Replacing the policy

    @Test
    void aReplacedPolicyAppliesToTheNextDecision() {
        var current = new AtomicReference<>(
                EgressPolicy.parse(List.of("https://api.example.com", "udp://ns.example.com:53")));
        var guard = new RuleGuard(current::get, listener);
        lookUp(guard, "api.example.com");
        lookUp(guard, "ns.example.com");
        use(guard, SEND, Transport.UDP, "203.0.113.53", 53);
        assertThat(use(guard, CONNECT, Transport.TCP, "203.0.113.10", 443).verdict())
                .isEqualTo(ALLOWED);

        current.set(EgressPolicy.parse(List.of("tcp://db.example.com:5432")));

        assertThat(use(guard, CONNECT, Transport.TCP, "203.0.113.10", 443).verdict())
                .as("pinned name no longer allowed")
                .isEqualTo(DENIED);
        assertThat(use(guard, RECEIVE, Transport.UDP, "203.0.113.53", 53).verdict())
                .as("peer no longer allowed")
                .isEqualTo(DENIED);
        assertThat(guard.check(EgressRequest.lookup("api.example.com")).verdict())
                .isEqualTo(DENIED);
        assertThat(guard.check(EgressRequest.lookup("db.example.com")).verdict())
                .isEqualTo(ALLOWED);
    }

    @Test
    void aReplacementThatKeepsTheNameKeepsItsPinsUsable() {
        var current = new AtomicReference<>(EgressPolicy.parse(List.of("https://api.example.com")));
        var guard = new RuleGuard(current::get, listener);
        lookUp(guard, "api.example.com");

        current.set(EgressPolicy.parse(List.of("tcp://api.example.com:8443")));

        assertThat(use(guard, CONNECT, Transport.TCP, "203.0.113.10", 8443).verdict())
                .isEqualTo(ALLOWED);
        assertThat(use(guard, CONNECT, Transport.TCP, "203.0.113.10", 443).verdict())
                .isEqualTo(DENIED);
    }

    @Test
    void theLookupAndAccessErrnosAreTheOnesGuestsExpect() {
        assertThat(Arrays.asList(EgressGuard.LOOKUP_DENIED_ERRNO, EgressGuard.ACCESS_DENIED_ERRNO))
                .containsExactly(84, 2);
    }
}
