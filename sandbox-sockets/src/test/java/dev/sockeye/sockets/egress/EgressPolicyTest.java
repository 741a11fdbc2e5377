package dev.sockeye.sockets.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/egress-policy.md, enforcement rule 8: the dry check the API and console use, and the operator settings. */
class EgressPolicyTest {

    private static final EgressPolicy POLICY = EgressPolicy.parse(List.of(
            "https://api.example.com",
            "tcp://*.internal.example.com:5432",
            "udp://ns.example.com:53",
            "tcp://10.1.0.0/16:6379",
            "tcp://127.0.0.1:8080",
            "tcp://169.254.169.254:80",
            "listen://:8080",
            "listen://127.0.0.1:9000-9099"));

    @ParameterizedTest(name = "{0} -> allowed={1} by {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            tcp://api.example.com:443          | true  | https://api.example.com
            tcp://API.Example.COM.:443         | true  | https://api.example.com
            tcp://api.example.com:80           | false | -
            udp://api.example.com:443          | false | -
            tcp://db.internal.example.com:5432 | true  | tcp://*.internal.example.com:5432
            tcp://internal.example.com:5432    | false | -
            udp://ns.example.com:53            | true  | udp://ns.example.com:53
            tcp://ns.example.com:53            | false | -
            tcp://10.1.2.3:6379                | true  | tcp://10.1.0.0/16:6379
            tcp://[::ffff:10.1.2.3]:6379       | true  | tcp://10.1.0.0/16:6379
            tcp://10.2.0.1:6379                | false | -
            tcp://127.0.0.1:8080               | true  | tcp://127.0.0.1:8080
            tcp://127.0.0.1:8081               | false | -
            tcp://169.254.169.254:80           | false | -
            tcp://93.184.215.14:443            | false | -
            listen://:8080                     | true  | listen://:8080
            listen://127.0.0.1:8080            | true  | listen://:8080
            listen://127.0.0.1:9050            | true  | listen://127.0.0.1:9000-9099
            listen://:9050                     | false | -
            listen://10.0.0.5:9050             | false | -
            listen://:8081                     | false | -
            """)
    void checkSaysWhetherADestinationIsAllowedAndByWhichRule(String destination, boolean allowed, String rule) {
        CheckResult result = POLICY.check(Destination.parse(destination));

        assertThat(result.allowed()).as(result.reason()).isEqualTo(allowed);
        assertThat(result.rule() == null ? null : result.rule().text()).isEqualTo(rule);
        assertThat(result.reason()).isNotBlank();
    }

    @Test
    void theOperatorDenyListBeatsAnExplicitIpRule() {
        CheckResult result = POLICY.check(Destination.parse("tcp://169.254.169.254:80"));

        assertThat(result.reason()).isEqualTo("operator deny list 169.254.169.254");
    }

    @ParameterizedTest(name = "{0} is refused by the default deny list")
    @CsvSource(textBlock = """
            169.254.169.254
            ::ffff:169.254.169.254
            ::169.254.169.254
            64:ff9b::169.254.169.254
            fd00:ec2::254
            """)
    void theDefaultDenyListHoldsTheMetadataAddressesInEveryForm(String address) {
        var policy = EgressPolicy.parse(List.of("tcp://0.0.0.0/0:80", "tcp://[::/0]:80"));

        CheckResult result = policy.check(Destination.address(Transport.TCP, InetAddress.ofLiteral(address), 80));

        assertThat(result.allowed()).isFalse();
        assertThat(result.reason()).startsWith("operator deny list");
    }

    @Test
    void anEmptyDenyListLetsAnExplicitRuleReachTheMetadataAddress() {
        var policy = EgressPolicy.parse(
                List.of("tcp://169.254.169.254:80"), EgressMode.ENFORCE, EgressOperatorConfig.of(List.of(), false));

        assertThat(policy.check(Destination.parse("tcp://169.254.169.254:80")).allowed())
                .isTrue();
    }

    @Test
    void theDefaultOperatorConfigIsTheMetadataDenyListWithSpecialRangesRefusedForNames() {
        var defaults = EgressOperatorConfig.defaults();

        assertThat(defaults.denyList())
                .extracting(IpBlock::toString)
                .containsExactly("169.254.169.254", "fd00:ec2::254");
        assertThat(defaults.allowSpecialRangesForNames()).isFalse();
    }

    @Test
    void aBadDenyListEntryIsRejectedByName() {
        assertThatThrownBy(() -> EgressOperatorConfig.of(List.of("169.254.169.254/40"), false))
                .hasMessageStartingWith("egress deny-list entry \"169.254.169.254/40\"");
    }

    @Test
    void theStarHostAllowsAnyNameAndPublicAddressButNoSpecialRange() {
        var policy = EgressPolicy.parse(List.of("tcp://*:443"));

        assertThat(policy.check(Destination.parse("tcp://anything.example.org:443"))
                        .allowed())
                .isTrue();
        assertThat(policy.check(Destination.parse("tcp://93.184.215.14:443")).allowed())
                .isTrue();
        assertThat(policy.check(Destination.parse("tcp://127.0.0.1:443")).reason())
                .isEqualTo("special range 127.0.0.0/8 (loopback) is refused for name rules");
        assertThat(policy.warnings()).containsExactly("rule \"tcp://*:443\" allows any host");
    }

    @Test
    void theMostSpecificRuleIsReported() {
        var policy = EgressPolicy.parse(List.of("tcp://*:443", "tcp://*.example.com:443", "tcp://a.example.com:443"));

        assertThat(policy.check(Destination.parse("tcp://a.example.com:443")).rule())
                .hasToString("tcp://a.example.com:443");
        assertThat(policy.check(Destination.parse("tcp://b.a.example.com:443")).rule())
                .hasToString("tcp://*.example.com:443");
        assertThat(policy.check(Destination.parse("tcp://example.org:443")).rule())
                .hasToString("tcp://*:443");
    }

    @Test
    void nonCanonicalSpellingsMatchNoRuleNotEvenStar() {
        var policy = EgressPolicy.parse(List.of("tcp://*:80"));

        CheckResult result = policy.check(Destination.name(Transport.TCP, "2130706433", 80));

        assertThat(result.allowed()).isFalse();
        assertThat(result.reason()).contains("not a canonical host name");
    }

    @ParameterizedTest(name = "destination \"{0}\" is rejected: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            tcp://*.example.com:80   | a destination names one host
            tcp://10.0.0.0/8:80      | a destination names one host
            tcp://example.com:80-81  | a destination has one port
            *://example.com:80       | a destination names one protocol
            """)
    void aDestinationNamesOneHostOnePortAndOneProtocol(String text, String problem) {
        assertThatThrownBy(() -> Destination.parse(text)).hasMessageContaining(problem);
    }

    @Test
    void aPolicyWithNoRulesAllowsNothing() {
        assertThat(EgressPolicy.denyAll()
                        .check(Destination.parse("https://example.com"))
                        .allowed())
                .isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            *://*:*                   | allows any host
            tcp://0.0.0.0:80          | names 0.0.0.0, which is this host: a connect to it is judged as 127.0.0.1
            tcp://[::]:80             | names ::, which is this host: a connect to it is judged as ::1
            tcp://0.0.0.0/0:80        | covers 4294967296 IPv4 addresses (0.0.0.0 - 255.255.255.255), more than a /8
            tcp://0.0.0.0/1:80        | covers 2147483648 IPv4 addresses (0.0.0.0 - 127.255.255.255), more than a /8
            tcp://[::ffff:0.0.0.0]/0:80 | covers 4294967296 IPv4 addresses
            tcp://[::]/0:80           | covers more than a /32 of IPv6 (:: - ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff)
            tcp://10.0.0.0/8:80       | covers special ranges 10.0.0.0/8 (private)
            tcp://[fe80::]/9:80       | covers special ranges fe80::/10 (link-local)
            """)
    void rulesThatDeserveASecondLookComeWithAWarning(String rule, String warning) {
        assertThat(EgressPolicy.parse(List.of(rule)).warnings())
                .singleElement(STRING)
                .contains(warning);
    }

    @ParameterizedTest(name = "{0} has no warning")
    @ValueSource(
            strings = {
                "https://api.example.com",
                "tcp://127.0.0.1:8080",
                "tcp://203.0.113.0/24:443",
                "udp://[2001:db8::]/48:53",
                "listen://0.0.0.0:8080"
            })
    void narrowRulesHaveNone(String rule) {
        assertThat(EgressPolicy.parse(List.of(rule)).warnings()).isEmpty();
    }
}
