package dev.sockeye.sockets.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/egress-policy.md, "Host": which names and addresses each kind of host pattern matches. */
class HostPatternTest {

    @ParameterizedTest(name = "{0} matches name {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            tcp://DB.Example.com:5432     | db.example.com         | true
            tcp://db.example.com:5432     | DB.EXAMPLE.COM         | true
            tcp://db.example.com:5432     | db.example.org         | false
            tcp://db.example.com:5432     | a.db.example.com       | false
            tcp://example.com.:80         | example.com            | true
            tcp://example.com:80          | example.com.           | true
            tcp://example.com:80          | example.com..          | false
            tcp://bücher.example:80       | xn--bcher-kva.example  | true
            tcp://xn--bcher-kva.example:80| bücher.example         | true
            tcp://*.example.com:80        | a.example.com          | true
            tcp://*.example.com:80        | a.b.example.com        | true
            tcp://*.example.com:80        | A.B.Example.Com.       | true
            tcp://*.example.com:80        | example.com            | false
            tcp://*.example.com:80        | badexample.com         | false
            tcp://*.example.com:80        | a.badexample.com       | false
            tcp://*:80                    | anything.example.org   | true
            tcp://*:80                    | 2130706433             | false
            tcp://*:80                    | 0x7f.1                 | false
            tcp://*:80                    | 017700000001           | false
            tcp://*:80                    | 127.1                  | false
            tcp://*.example.com:80        | 10.example.com.1       | false
            tcp://192.0.2.10:80           | 192.0.2.10             | false
            """)
    void namesMatchOnlyInCanonicalForm(String rule, String lookedUp, boolean matches) {
        HostPattern host = EgressRule.parse(rule).host();
        String canonical = HostPattern.canonicalName(lookedUp);

        assertThat(canonical != null && host.matchesName(canonical)).isEqualTo(matches);
    }

    @ParameterizedTest(name = "{0} matches address {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            tcp://192.0.2.10:80           | 192.0.2.10        | true
            tcp://192.0.2.10:80           | 192.0.2.11        | false
            tcp://[2001:db8::1]:80        | 2001:db8::1       | true
            tcp://[2001:db8::1]:80        | 2001:db8:0:0:0:0:0:1 | true
            tcp://[2001:db8::1]:80        | 2001:db8::2       | false
            tcp://10.1.0.0/16:80          | 10.1.255.7        | true
            tcp://10.1.0.0/16:80          | 10.2.0.1          | false
            tcp://[2001:db8::/32]:80      | 2001:db8:ffff::9  | true
            tcp://[2001:db8::]/32:80      | 2001:db8:ffff::9  | true
            tcp://[2001:db8::/32]:80      | 2001:db9::1       | false
            tcp://0.0.0.0/0:80            | 203.0.113.1       | true
            tcp://0.0.0.0/0:80            | 2001:db8::1       | false
            tcp://192.0.2.10:80           | ::ffff:192.0.2.10 | true
            tcp://[::ffff:192.0.2.10]:80  | 192.0.2.10        | true
            tcp://db.example.com:80       | 192.0.2.10        | false
            tcp://*.example.com:80        | 192.0.2.10        | false
            """)
    void addressRulesMatchTheirAddressesAndIpv4RulesTheirMappedForms(String rule, String address, boolean matches) {
        assertThat(EgressRule.parse(rule).host().matchesAddress(InetAddress.ofLiteral(address)))
                .isEqualTo(matches);
    }
}
