package dev.sockeye.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the CLI answers without a platform: usage errors, help, manifests it refuses, an unreachable URL. */
class SockeyeCliTest {

    @TempDir
    Path project;

    private Map<String, String> loggedIn(String url) {
        return Map.of("SOCKEYE_HOME", project.resolve("home").toString(), "SOCKEYE_URL", url, "SOCKEYE_TOKEN", "t");
    }

    /** A loopback port nobody listens on (it was free a moment ago). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private CliRun run(String... args) {
        return CliRun.run(project, loggedIn("http://127.0.0.1:9"), args);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "login",
                "logout",
                "whoami",
                "deploy",
                "invoke",
                "ls",
                "versions",
                "activate",
                "rollback",
                "rm",
                "logs",
                "policy",
                "policy get",
                "policy add",
                "policy rm",
                "policy mode",
                "policy check",
                "policy history",
                "policy set",
                "secret",
                "secret set",
                "secret rm",
                "secret ls",
                "env",
                "env set",
                "env rm",
                "env ls",
                "token",
                "token create",
                "token ls",
                "token revoke",
                "denials"
            })
    void everyVerbHasHelp(String verb) {
        String[] words = (verb + " --help").split(" ");
        CliRun help = run(words);
        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: sockeye " + verb);
    }

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() {
        CliRun bad = run("ls", "--colour");
        assertThat(bad.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(bad.err().lines().toList())
                .containsExactly("sockeye: Unknown option: '--colour' (see 'sockeye ls --help')");
    }

    @Test
    void anUnknownVerbIsOneLineAndExitTwo() {
        CliRun bad = run("frobnicate");
        assertThat(bad.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(bad.err()).isEqualTo("sockeye: unknown command 'frobnicate' (see 'sockeye --help')\n");
    }

    @Test
    void anUnreachablePlatformIsOneClearLineAndExitOne() throws IOException {
        int closedPort = closedPort();
        CliRun refused = CliRun.run(project, loggedIn("http://127.0.0.1:" + closedPort), "ls");
        assertThat(refused.code()).isEqualTo(SockeyeCli.API_ERROR);
        assertThat(refused.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("sockeye: cannot reach the Sockeye platform at http://127.0.0.1:" + closedPort
                        + " (connection refused)");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "secret ls api",
                "secret rm api KEY",
                "env ls api",
                "env set api K=V",
                "token ls",
                "token create ci",
                "denials",
                "denials -f --function api",
                "policy set api tcp://db:5432"
            })
    void everyNewVerbSaysInOneLineThatThePlatformIsUnreachable(String verb) throws IOException {
        int closedPort = closedPort();
        CliRun refused = CliRun.run(project, loggedIn("http://127.0.0.1:" + closedPort), verb.split(" "));
        assertThat(refused.code()).isEqualTo(SockeyeCli.API_ERROR);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("sockeye: cannot reach the Sockeye platform at http://127.0.0.1:" + closedPort);
    }

    @Test
    void logoutWithJsonSaysWhetherItRemovedTheStoredLogin() throws IOException {
        Path home = project.resolve("home");
        java.nio.file.Files.createDirectories(home);
        java.nio.file.Files.writeString(home.resolve("config"), "url=http://127.0.0.1:9\ntoken=t\n");

        CliRun first = CliRun.run(project, Map.of("SOCKEYE_HOME", home.toString()), "logout", "--json");
        CliRun second = CliRun.run(project, Map.of("SOCKEYE_HOME", home.toString()), "logout", "--json");

        assertThat(first.code()).isZero();
        assertThat(first.out().replace(" ", "")).contains("\"loggedOut\":true");
        assertThat(second.out().replace(" ", "")).contains("\"loggedOut\":false");
        assertThat(java.nio.file.Files.exists(home.resolve("config"))).isFalse();
    }

    @Test
    void withoutATokenACommandSaysToLogIn() {
        CliRun refused = CliRun.run(project, Map.of("SOCKEYE_HOME", project.toString()), "ls");
        assertThat(refused.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(refused.err()).isEqualTo("sockeye: not logged in: run 'sockeye login [URL]' or set SOCKEYE_TOKEN\n");
    }

    @Test
    void deployWithoutAManifestOrNameSaysWhatIsMissing() {
        CliRun missing = run("deploy");
        assertThat(missing.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(missing.err()).contains("sockeye.toml: no such file").hasLineCount(1);
    }

    @Test
    void aBadManifestValueIsOneLineNamingFileLineAndKeyWithExitTwo() throws IOException {
        Files.writeString(project.resolve("sockeye.toml"), """
                name = "hello"
                module = "hello.wasm"
                routes = "/hello"
                """);
        CliRun bad = run("deploy");
        assertThat(bad.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(bad.err().lines().toList())
                .containsExactly("sockeye: " + project.resolve("sockeye.toml")
                        + ":3: 'routes' must be an array of strings, like routes = [\"...\"]");
    }

    @Test
    void anUnknownTopLevelKeyNamesItsLine() throws IOException {
        Files.writeString(project.resolve("sockeye.toml"), """
                name = "hello"
                modul = "hello.wasm"
                """);
        CliRun bad = run("deploy");
        assertThat(bad.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(bad.err()).startsWith("sockeye: " + project.resolve("sockeye.toml") + ":2: unknown key 'modul'");
    }

    @Test
    void anUnknownLimitNamesItsLine() throws IOException {
        Files.writeString(project.resolve("app.toml"), """
                name = "hello"
                module = "hello.wasm"
                [limits]
                timeout-ms = 100
                timeout = 5
                """);
        CliRun bad = run("deploy", "-f", "app.toml");
        assertThat(bad.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(bad.err())
                .startsWith("sockeye: " + project.resolve("app.toml") + ":5: unknown key 'limits.timeout'");
    }

    @Test
    void tomlThatDoesNotParseIsOneLine() throws IOException {
        Files.writeString(project.resolve("sockeye.toml"), "name = \"hello\"\nmodule = \n");
        CliRun bad = run("deploy");
        assertThat(bad.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(bad.err()).contains("not valid TOML").hasLineCount(1);
    }

    @Test
    void aMissingModuleIsAUsageError() throws IOException {
        Files.writeString(project.resolve("sockeye.toml"), "name = \"hello\"\nmodule = \"missing.wasm\"\n");
        CliRun bad = run("deploy");
        assertThat(bad.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(bad.err()).contains("missing.wasm does not exist").hasLineCount(1);
    }

    @Test
    void aSecretValueOnTheCommandLineIsRefusedBeforeAnythingIsSent() {
        CliRun refused = run("secret", "set", "api", "DB_PASSWORD", "hunter2");
        assertThat(refused.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(refused.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("sockeye: secret set takes the value from stdin or a prompt, never from the command line")
                .doesNotContain("hunter2");
    }

    @Test
    void aSecretWithoutAValueOnStdinIsAUsageError() {
        CliRun refused = run("secret", "set", "api", "DB_PASSWORD");
        assertThat(refused.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(refused.err())
                .isEqualTo("sockeye: no value given for DB_PASSWORD (pipe it in or type it at the" + " prompt)\n");
    }

    @Test
    void envSetChecksEveryPairBeforeTheFirstChange() {
        CliRun bad = run("env", "set", "api", "GOOD=1", "BAD");
        assertThat(bad.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(bad.err()).isEqualTo("sockeye: 'BAD' is not NAME=value\n");
    }

    @Test
    void policySetWithoutRulesAsksForThemOrNone() {
        CliRun bad = run("policy", "set", "api");
        assertThat(bad.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(bad.err()).isEqualTo("sockeye: policy set needs the rules (or --none to deny all egress)\n");
    }

    @Test
    void aGroupWithoutItsVerbNamesTheVerbs() {
        CliRun bad = run("token");
        assertThat(bad.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(bad.err())
                .startsWith("sockeye: token needs a verb: create, ls or revoke")
                .hasLineCount(1);
    }

    @Test
    void loginRefusesAUrlThatIsNotHttp() {
        CliRun bad = run("login", "ftp://example");
        assertThat(bad.code()).isEqualTo(SockeyeCli.USAGE);
        assertThat(bad.err().lines().toList())
                .isEqualTo(List.of("sockeye: 'ftp://example' is not a platform URL like http://localhost:8080"));
    }
}
