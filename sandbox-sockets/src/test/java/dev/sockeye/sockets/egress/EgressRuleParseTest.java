package dev.sockeye.sockets.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/egress-policy.md, "Rules": scheme, ports, listening and rejections, one row per sentence or table row. */
class EgressRuleParseTest {

    @ParameterizedTest(name = "{0} allows tcp={1} udp={2} on ports {3}")
    @CsvSource(delimiter = '|', textBlock = """
            tcp://example.com:25       | true  | false | 25
            example.com:25             | true  | false | 25
            udp://example.com:53       | false | true  | 53
            *://example.com:53         | true  | true  | 53
            http://example.com         | true  | false | 80
            https://example.com        | true  | false | 443
            tls://example.com          | true  | false | 443
            postgres://example.com     | true  | false | 5432
            mysql://example.com        | true  | false | 3306
            redis://example.com        | true  | false | 6379
            amqp://example.com         | true  | false | 5672
            mqtt://example.com         | true  | false | 1883
            nats://example.com         | true  | false | 4222
            """)
    void schemeTableGivesTransportsAndDefaultPort(String text, boolean tcp, boolean udp, String ports) {
        EgressRule rule = EgressRule.parse(text);

        assertThat(rule.scheme().allows(Transport.TCP)).isEqualTo(tcp);
        assertThat(rule.scheme().allows(Transport.UDP)).isEqualTo(udp);
        assertThat(rule.ports()).hasToString(ports);
    }

    @Test
    void schemesAreCaseInsensitive() {
        assertThat(EgressRule.parse("HTTPS://example.com").scheme()).isEqualTo(RuleScheme.HTTPS);
        assertThat(EgressRule.parse("Udp://example.com:53").scheme()).isEqualTo(RuleScheme.UDP);
    }

    @Test
    void anAliasIsTcpToItsDefaultPortOnly() {
        EgressRule rule = EgressRule.parse("https://example.com");

        assertThat(rule.allowsService(Transport.TCP, 443)).isTrue();
        assertThat(rule.allowsService(Transport.TCP, 80)).isFalse();
        assertThat(rule.allowsService(Transport.UDP, 443)).isFalse();
    }

    @Test
    void anExplicitPortReplacesTheAliasDefault() {
        EgressRule rule = EgressRule.parse("https://example.com:8443");

        assertThat(rule.allowsService(Transport.TCP, 8443)).isTrue();
        assertThat(rule.allowsService(Transport.TCP, 443)).isFalse();
    }

    @Test
    void anUnknownSchemeWithAPortMeansTcp() {
        EgressRule rule = EgressRule.parse("ldap://dir.example.com:389");

        assertThat(rule.scheme()).isEqualTo(RuleScheme.OTHER);
        assertThat(rule.allowsService(Transport.TCP, 389)).isTrue();
        assertThat(rule.allowsService(Transport.UDP, 389)).isFalse();
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(EgressRule.parse("  tcp://example.com:25 \t").text()).isEqualTo("tcp://example.com:25");
    }

    @ParameterizedTest(name = "port {0}: allows {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            5432      | 5432  | true
            5432      | 5433  | false
            8000-8999 | 8000  | true
            8000-8999 | 8999  | true
            8000-8999 | 9000  | false
            8000-8999 | 7999  | false
            *         | 1     | true
            *         | 65535 | true
            """)
    void aPortIsOneNumberAnInclusiveRangeOrAny(String ports, int port, boolean allowed) {
        assertThat(EgressRule.parse("tcp://example.com:" + ports).allowsService(Transport.TCP, port))
                .isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} grants port {1} on {2}")
    @CsvSource(delimiter = '|', textBlock = """
            listen://:8080            | 8080 | *
            listen://*:8080           | 8080 | *
            listen://0.0.0.0:8080     | 8080 | *
            listen://[::]:8080        | 8080 | *
            listen://127.0.0.1:8080   | 8080 | 127.0.0.1
            listen://[::1]:8000-8999  | 8000-8999 | [::1]
            """)
    void listenRulesTakeAnOptionalLocalAddressAndPorts(String text, String ports, String host) {
        EgressRule rule = EgressRule.parse(text);

        assertThat(rule.isListen()).isTrue();
        assertThat(rule.ports()).hasToString(ports);
        assertThat(rule.host()).hasToString(host);
        assertThat(rule.allowsService(Transport.TCP, 8080))
                .as("a listen rule allows no outbound use")
                .isFalse();
    }

    @ParameterizedTest(name = "\"{0}\" is rejected: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            *                              | a bare * has no scheme and no port
            tcp://*example.com:80          | a wildcard must be a whole leading label
            tcp://a.*.example.com:80       | a wildcard is allowed only as the leading label
            tcp://*.*.example.com:80       | only one wildcard
            tcp://example.com:0            | port 0 is not a destination
            tcp://example.com:65536        | port 65536 is above 65535
            tcp://example.com:9000-8000    | port range 9000-8000 is reversed
            tcp://example.com:http         | is not a number
            tcp://10.0.0.0/33:80           | bad CIDR: prefix length 33
            tcp://10.0.0.1/8:80            | has host bits set; the block is 10.0.0.0/8
            tcp://[2001:db8::1]/129:80     | bad CIDR: prefix length 129
            tcp://[2001:db8::/129]:80      | bad CIDR: prefix length 129
            tcp://10.0.0.0/x:80            | bad CIDR prefix length
            https://example.com/path       | a path ("/path")
            https://example.com/           | a path ("/")
            https://example.com:443/x      | a path ("/x")
            https://example.com?q=1        | a query or fragment
            https://user@example.com       | userinfo
            ldap://dir.example.com         | a port is required: scheme "ldap" implies none
            tcp://example.com              | a port is required: scheme "tcp" implies none
            udp://example.com              | a port is required: scheme "udp" implies none
            *://example.com                | a port is required: scheme "*" implies none
            example.com                    | a port is required
            tcp://example.com:             | the port after ":" is missing
            tcp://::1:80                   | IPv6 addresses must be in brackets
            tcp://2001:db8::/32:80         | IPv6 addresses must be in brackets
            tcp://fe80::1                  | IPv6 addresses must be in brackets
            http://example.com:80:90       | more than one ":"
            tcp://2130706433:80            | ambiguous numeric spelling
            tcp://0x7f.1:80                | ambiguous numeric spelling
            tcp://127.1:80                 | ambiguous numeric spelling
            tcp://010.0.0.1:80             | ambiguous numeric spelling
            tcp://exa_mple.com:80          | is not a valid host name
            tcp://[example.com]:80         | brackets are for IPv6 addresses
            tcp://[::1:80                  | without
            tls://192.0.2.10               | a tls:// rule names a host name
            tls://[2001:db8::1]:443        | a tls:// rule names a host name
            tls://10.0.0.0/8:443           | a tls:// rule names a host name
            listen://db.example.com:80     | a listen rule takes a local IP address
            listen://10.0.0.0/8:80         | a listen rule takes a local IP address
            listen://:0                    | port 0
            t%p://example.com:80           | is not a scheme
            """)
    void badRulesAreRejectedWithAMessageNamingTheRuleAndTheProblem(String text, String problem) {
        assertThatThrownBy(() -> EgressRule.parse(text))
                .isInstanceOf(InvalidEgressRuleException.class)
                .hasMessageStartingWith("egress rule \"" + text + "\": ")
                .hasMessageContaining(problem);
    }

    @Test
    void anEmptyRuleIsRejected() {
        assertThatThrownBy(() -> EgressRule.parse("  ")).hasMessageContaining("an empty rule");
    }

    @Test
    void aPolicyIsRejectedAsAWholeListingEveryBadRule() {
        var rules = List.of("https://ok.example.com", "tcp://example.com:0", "redis://cache.example.com", "*");

        assertThatThrownBy(() -> EgressPolicy.parse(rules))
                .isInstanceOfSatisfying(InvalidEgressPolicyException.class, e -> {
                    assertThat(e.problems())
                            .extracting(InvalidEgressRuleException::rule)
                            .containsExactly("tcp://example.com:0", "*");
                    assertThat(e.getMessage())
                            .startsWith("2 invalid egress rules:")
                            .contains("egress rule \"tcp://example.com:0\": port 0")
                            .contains("egress rule \"*\": a bare *");
                });
    }

    @Test
    void allowEverythingIsWrittenStarSchemeStarHostStarPortAndIsBroad() {
        EgressRule rule = EgressRule.parse("*://*:*");

        assertThat(rule.isBroad()).isTrue();
        assertThat(rule.allowsService(Transport.UDP, 1)).isTrue();
        assertThat(rule.allowsService(Transport.TCP, 65535)).isTrue();
    }
}
