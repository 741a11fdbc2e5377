package dev.sockeye.sockets.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunArgumentsTest {
    private static RunArguments parse(String... args) throws RunArguments.UsageException {
        return RunArguments.parse(List.of(args), Map.of("HOME", "/home/guest"));
    }

    @Test
    void moduleAloneDeniesAllEgressAndPassesNoArguments() throws Exception {
        var arguments = parse("app.wasm");

        assertThat(arguments.allowAll()).isFalse();
        assertThat(arguments.module()).isEqualTo("app.wasm");
        assertThat(arguments.guestArgs()).isEmpty();
        assertThat(arguments.environment()).isEmpty();
        assertThat(arguments.directories()).isEmpty();
        assertThat(arguments.rules()).isEmpty();
    }

    @Test
    void everythingAfterTheModuleBelongsToTheGuestEvenIfItLooksLikeAnOption() throws Exception {
        var arguments = parse("--allow-all", "app.wasm", "--env", "X=1", "-v");

        assertThat(arguments.allowAll()).isTrue();
        assertThat(arguments.guestArgs()).containsExactly("--env", "X=1", "-v");
        assertThat(arguments.environment()).isEmpty();
    }

    @Test
    void allowAndListenBecomeEgressRulesInTheOrderGiven() throws Exception {
        var arguments = parse(
                "--allow",
                "api.example.com:443",
                "--listen",
                "8080",
                "--allow=udp://10.0.0.0/8:53",
                "--listen=*",
                "app.wasm");

        assertThat(arguments.allowAll()).isFalse();
        assertThat(arguments.rules())
                .containsExactly("api.example.com:443", "listen://:8080", "udp://10.0.0.0/8:53", "listen://:*");
    }

    @Test
    void envTakesKeyEqualsValueOrPassesTheHostsValue() throws Exception {
        var arguments = parse("--env", "A=1", "--env=B=x=y", "--env", "HOME", "--env", "UNSET_ON_HOST", "app.wasm");

        assertThat(arguments.environment())
                .containsExactly(Map.entry("A", "1"), Map.entry("B", "x=y"), Map.entry("HOME", "/home/guest"));
    }

    @Test
    void dirMapsAHostDirectoryToTheSameOrAGivenGuestPath() throws Exception {
        var arguments = parse("--dir", "/srv/data::/data", "--dir", "./cache", "app.wasm");

        assertThat(arguments.directories())
                .containsExactly(
                        new RunArguments.Directory(Path.of("/srv/data"), "/data"),
                        new RunArguments.Directory(Path.of("./cache"), "./cache"));
    }

    @Test
    void doubleDashEndsTheOptionsSoAModuleMayStartWithADash() throws Exception {
        assertThat(parse("--", "-odd.wasm", "x").module()).isEqualTo("-odd.wasm");
    }

    @Test
    void helpIsRecognisedBeforeAnythingElse() throws Exception {
        assertThat(parse("--help").help()).isTrue();
        assertThat(parse("-h", "app.wasm").help()).isTrue();
    }

    @Test
    void mistakesAreUsageErrorsThatNameTheProblem() {
        assertThatThrownBy(() -> parse()).hasMessage("no module given");
        assertThatThrownBy(() -> parse("--allow-all")).hasMessage("no module given");
        assertThatThrownBy(() -> parse("--frobnicate", "app.wasm")).hasMessage("unknown option --frobnicate");
        assertThatThrownBy(() -> parse("--env")).hasMessage("--env needs a value");
        assertThatThrownBy(() -> parse("--allow")).hasMessage("--allow needs a value");
        assertThatThrownBy(() -> parse("--env", "=1", "app.wasm")).hasMessageContaining("has no name");
        assertThatThrownBy(() -> parse("--dir", "::/data", "app.wasm")).hasMessageContaining("expected HOST");
    }
}
