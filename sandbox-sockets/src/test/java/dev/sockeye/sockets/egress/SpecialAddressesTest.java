package dev.sockeye.sockets.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/egress-policy.md, enforcement rule 4: every special range, and the IPv6 forms of the IPv4 ones. */
class SpecialAddressesTest {

    @ParameterizedTest(name = "{0} is in {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.0.0.0                  | 0.0.0.0/8
            0.1.2.3                  | 0.0.0.0/8
            127.0.0.1                | 127.0.0.0/8
            127.255.255.254          | 127.0.0.0/8
            10.20.30.40              | 10.0.0.0/8
            172.16.0.1               | 172.16.0.0/12
            172.31.255.255           | 172.16.0.0/12
            192.168.1.1              | 192.168.0.0/16
            100.64.0.1               | 100.64.0.0/10
            100.127.255.255          | 100.64.0.0/10
            169.254.169.254          | 169.254.0.0/16
            169.254.1.1              | 169.254.0.0/16
            224.0.0.251              | 224.0.0.0/4
            239.255.255.250          | 224.0.0.0/4
            240.0.0.1                | 240.0.0.0/4
            255.255.255.255          | 240.0.0.0/4
            ::                       | ::
            ::1                      | ::1
            fc00::1                  | fc00::/7
            fd12:3456::1             | fc00::/7
            fe80::1                  | fe80::/10
            febf::1                  | fe80::/10
            ff02::1                  | ff00::/8
            ::ffff:127.0.0.1         | 127.0.0.0/8
            ::ffff:169.254.169.254   | 169.254.0.0/16
            ::ffff:10.0.0.1          | 10.0.0.0/8
            ::127.0.0.1              | IPv6 form of 127.0.0.0/8
            ::10.0.0.1               | IPv6 form of 10.0.0.0/8
            64:ff9b::127.0.0.1       | IPv6 form of 127.0.0.0/8
            64:ff9b::a9fe:a9fe       | IPv6 form of 169.254.0.0/16
            64:ff9b:1::7f00:1        | 64:ff9b:1::/48
            ::ffff:0:127.0.0.1       | IPv6 form of 127.0.0.0/8
            ::ffff:0:a9fe:a9fe       | IPv6 form of 169.254.0.0/16
            2002:7f00:1::1           | IPv6 form of 127.0.0.0/8
            2002:a9fe:a9fe::         | IPv6 form of 169.254.0.0/16
            2001:0:a9fe:a9fe::1      | IPv6 form of 169.254.0.0/16
            2001:0:808:808::80ff:fffe | IPv6 form of 127.0.0.0/8
            """)
    void specialRangesAreRecognisedInEveryForm(String address, String range) {
        assertThat(SpecialAddresses.rangeOf(InetAddress.ofLiteral(address)))
                .get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith(range);
    }

    @ParameterizedTest(name = "{0} is not special")
    @CsvSource(textBlock = """
            1.1.1.1
            8.8.8.8
            172.32.0.1
            172.15.255.255
            100.128.0.1
            192.169.0.1
            203.0.113.9
            2001:db8::1
            2606:4700:4700::1111
            ::ffff:8.8.8.8
            64:ff9b::808:808
            ::ffff:0:8.8.8.8
            2002:808:808::1
            2001:0:808:808::f7f7:f7f7
            """)
    void publicAddressesAreNotSpecial(String address) {
        assertThat(SpecialAddresses.isSpecial(InetAddress.ofLiteral(address))).isFalse();
    }
}
