package dev.sockeye.sockets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockeye.sockets.egress.EgressGuard;
import dev.sockeye.sockets.egress.EgressListener;
import dev.sockeye.sockets.internal.fd.Errno;
import dev.sockeye.sockets.testing.Guests;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** docs/guest-abi.md, "Host TLS": each bad sock_tls_connect / sock_tls_alpn call gets its errno, never a trap. */
class TlsBadInputsTest {
    static Sandbox sandbox;
    static CompiledGuest guest;

    @BeforeAll
    static void start() {
        sandbox = Sandbox.builder().build();
        guest = sandbox.compile(Guests.bytes("tls_bad_inputs"));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    static Stream<Map.Entry<String, Errno>> cases() {
        return Stream.of(
                Map.entry("case_tls_connect_not_connected", Errno.NOTCONN),
                Map.entry("case_tls_connect_udp", Errno.NOTSUP),
                Map.entry("case_tls_connect_not_socket", Errno.NOTSOCK),
                Map.entry("case_tls_connect_bad_fd", Errno.BADF),
                Map.entry("case_tls_connect_name_past_end", Errno.FAULT),
                Map.entry("case_tls_connect_name_is_an_address", Errno.INVAL),
                Map.entry("case_tls_connect_name_too_long", Errno.INVAL),
                Map.entry("case_tls_connect_empty_alpn_name", Errno.INVAL),
                Map.entry("case_tls_alpn_not_tls", Errno.INVAL),
                Map.entry("case_tls_alpn_length_past_end", Errno.FAULT));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void badHostTlsCallGivesTheGuestItsErrno(Map.Entry<String, Errno> badCase) {
        try (var instance = sandbox.instantiate(
                guest,
                GuestOptions.builder()
                        .guard(EgressGuard.allowAll(EgressListener.none()))
                        .build())) {
            assertThat(instance.call(badCase.getKey())[0])
                    .isEqualTo(badCase.getValue().code());
        }
    }
}
