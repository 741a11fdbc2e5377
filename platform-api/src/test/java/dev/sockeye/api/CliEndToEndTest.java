package dev.sockeye.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockeye.api.testing.Api;
import dev.sockeye.api.testing.Cli;
import dev.sockeye.api.testing.Cli.Run;
import dev.sockeye.cli.SockeyeCli;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sockeye CLI's entry point, run in this JVM as a user would run it, against the real app, Postgres, triggers
 * and guests: login, deploy from a manifest and without one, invoke, versions, rollback, policy, logs, rm.
 */
@QuarkusTest
class CliEndToEndTest {

    @Inject
    PolicyStore store;

    @TestHTTPResource("/")
    URI platform;

    @TempDir
    Path home;

    @TempDir
    Path project;

    private final ObjectMapper json = new ObjectMapper();
    private String developer;
    private Cli cli;

    @BeforeEach
    void logIn() {
        cli = new Cli(home, project);
        developer = Api.token(store, Role.DEVELOPER);
        assertThat(cli(developer + "\n", "login", platform.toString()).code()).isZero();
    }

    @Test
    void loginChecksTheTokenAndStoresItReadableByTheOwnerOnly() throws IOException {
        Path config = home.resolve("config");
        assertThat(Files.getPosixFilePermissions(config))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(config)).contains(developer);

        Run whoami = cli("", "whoami");
        assertThat(whoami.code()).isZero();
        assertThat(whoami.out()).contains("(developer)");

        Files.delete(config);
        Run refused = cli("sockeye_not-a-real-token\n", "login", platform.toString());
        assertThat(refused.code()).isEqualTo(SockeyeCli.API_ERROR);
        assertThat(refused.err().lines()).hasSize(1);
        assertThat(refused.err()).startsWith("sockeye: ");
        assertThat(config).doesNotExist();
    }

    @Test
    void deployFromAManifestThenInvokeReturnsTheGuestsOutput() throws IOException {
        String name = Api.unique("cli-manifest");
        Files.copy(Api.guestPath("wagi_probe.wasm"), project.resolve("probe.wasm"));
        Files.createDirectories(project.resolve("static"));
        Files.writeString(project.resolve("static/index.html"), "<p>hi</p>");
        Files.writeString(project.resolve("sockeye.toml"), """
                name = "%s"
                description = "prints its environment"
                module = "probe.wasm"
                files = "static"
                args = ["env"]
                routes = ["/%s"]
                visibility = "public"
                egress = ["tcp://127.0.0.1:9"]

                [env]
                GREETING = "hello from the manifest"

                [limits]
                timeout-ms = 5000
                max-sockets = 2
                """.formatted(name, name));

        Run deployed = cli("", "deploy", "--json");
        assertThat(deployed.code()).as(deployed.err()).isZero();
        JsonNode result = json.readTree(deployed.out());
        assertThat(result.path("url").asText())
                .isEqualTo(platform.resolve("/" + name).toString());
        assertThat(result.path("version").path("number").asInt()).isEqualTo(1);
        assertThat(result.path("version").path("filesSha256").isTextual()).isTrue();
        assertThat(result.path("function").path("limits").path("timeoutMs").asLong())
                .isEqualTo(5000);

        Run invoked = cli("", "invoke", name);
        assertThat(invoked.code()).as(invoked.err()).isZero();
        assertThat(invoked.out()).contains("argv[1]=env").contains("GREETING=hello from the manifest");

        Run policy = cli("", "policy", "get", name, "--json");
        assertThat(json.readTree(policy.out()).path("rules").get(0).asText()).isEqualTo("tcp://127.0.0.1:9");
        assertThat(cli("", "policy", "check", name, "tcp://127.0.0.1:9").out())
                .startsWith("allowed: tcp://127.0.0.1:9 by rule tcp://127.0.0.1:9");
        assertThat(cli("", "policy", "add", name, "tcp://127.0.0.1:10").out()).contains("revision 2");
        assertThat(cli("", "policy", "rm", name, "tcp://127.0.0.1:9").out())
                .contains("revision 3")
                .doesNotContain("tcp://127.0.0.1:9\n");
        assertThat(cli("", "policy", "check", name, "tcp://127.0.0.1:9").out()).startsWith("denied: ");
        assertThat(cli("", "policy", "mode", name, "learn").out()).contains("mode learn");
        assertThat(json.readTree(cli("", "policy", "history", name, "--json").out()))
                .hasSize(4);
        Run badRule = cli("", "policy", "add", name, "gopher://nowhere");
        assertThat(badRule.code()).isEqualTo(SockeyeCli.API_ERROR);
        assertThat(badRule.err().lines()).hasSize(1);
    }

    @Test
    void deployWithoutAManifestThenInvokeRollBackAndRemove() throws IOException, InterruptedException {
        String name = Api.unique("cli-args");
        String hello = Api.guestPath("hello_wagi.wasm").toString();
        String probe = Api.guestPath("wagi_probe.wasm").toString();

        Run first = cli("", "deploy", name, hello, "--route", "/" + name, "--allow", "tcp://127.0.0.1:9");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("version 1")
                .contains(platform.resolve("/" + name).toString());
        assertThat(cli("", "invoke", name).out()).contains("hello from sockeye");

        Run second = cli("", "deploy", name, probe, "--arg", "echo");
        assertThat(second.code()).as(second.err()).isZero();
        Run echoed = cli("", "invoke", name, "--data", "ping from the cli", "-i");
        assertThat(echoed.code()).isZero();
        assertThat(echoed.out()).startsWith("HTTP 200").endsWith("ping from the cli");
        JsonNode echoedJson = json.readTree(
                cli("", "invoke", name, "--data", "as json", "--json").out());
        assertThat(echoedJson.path("status").asInt()).isEqualTo(200);
        assertThat(echoedJson.path("body").asText()).isEqualTo("as json");
        assertThat(echoedJson.path("headers").path("content-type").get(0).asText())
                .isNotEmpty();

        Run versions = cli("", "versions", name, "--json");
        assertThat(json.readTree(versions.out())).hasSize(2);
        assertThat(cli("", "versions", name).out()).contains("VERSION");

        assertThat(cli("", "rollback", name).out()).contains("version 1 is active");
        Run listed = cli("", "ls", "--json");
        JsonNode function = null;
        for (JsonNode item : json.readTree(listed.out())) {
            if (item.path("name").asText().equals(name)) {
                function = item;
            }
        }
        assertThat(function).isNotNull();
        assertThat(function.path("activeVersion").asInt()).isEqualTo(1);

        Run logs = cli("", "logs", name, "--json");
        assertThat(logs.code()).isZero();
        assertThat(json.readTree(logs.out()).size()).isGreaterThanOrEqualTo(2);

        assertFollowPrintsANewInvocation(name);

        Run removed = cli("", "rm", name, "--json");
        assertThat(removed.code()).isZero();
        assertThat(json.readTree(removed.out()).path("deleted").asText()).isEqualTo(name);
        Run missing = cli("", "invoke", name);
        assertThat(missing.code()).isEqualTo(SockeyeCli.API_ERROR);
        assertThat(missing.err()).isEqualTo("sockeye: function '" + name + "' does not exist\n");
        Run gone = cli("", "versions", name);
        assertThat(gone.code()).isEqualTo(SockeyeCli.API_ERROR);
        assertThat(gone.err().lines()).hasSize(1);
        assertThat(gone.err()).contains(name);
    }

    @Test
    void onATerminalTheUploadDrawsABarAndElsewhereWritesPlainLines() throws IOException {
        Files.createDirectories(project.resolve("assets"));
        byte[] noise = new byte[300 * 1024];
        new Random(7).nextBytes(noise); // random bytes do not compress: the zip stays ~300 KiB
        Files.write(project.resolve("assets/noise.bin"), noise);
        String name = Api.unique("cli-progress");
        String hello = Api.guestPath("hello_wagi.wasm").toString();

        Run onTerminal = cli.run(Map.of(), "", true, "deploy", name, hello, "--files", "assets");
        assertThat(onTerminal.code()).as(onTerminal.err()).isZero();
        assertThat(onTerminal.err()).contains("\ruploaded [").contains("] 100% ");
        assertThat(onTerminal.err().chars().filter(c -> c == '\r').count()).isGreaterThan(5);
        assertThat(onTerminal.out()).startsWith("Deployed " + name + " version 1");

        Run plain = cli.run("", "deploy", name, hello, "--files", "assets");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.err())
                .doesNotContain("\r")
                .contains("\nuploaded 25% (")
                .contains("\nuploaded 100% (");
    }

    @Test
    void aModuleThePlatformRefusesIsOneLineAndExitOne() throws IOException {
        Path notWasm = Files.writeString(project.resolve("broken.wasm"), "not webassembly");
        Run refused = cli("", "deploy", Api.unique("cli-bad"), notWasm.toString());
        assertThat(refused.code()).isEqualTo(SockeyeCli.API_ERROR);
        assertThat(refused.err().lines().filter(line -> line.startsWith("sockeye: ")))
                .hasSize(1);
    }

    /** logs -f prints, one JSON line each, the invocations made while it runs; an interrupt ends it. */
    private void assertFollowPrintsANewInvocation(String name) throws IOException, InterruptedException {
        ByteArrayOutputStream followed = new ByteArrayOutputStream();
        Thread follower = Thread.ofVirtual()
                .start(() -> cli.run(
                        followed, new ByteArrayOutputStream(), Map.of(), "", false, "logs", name, "-f", "--json"));
        try {
            long before = count(followed);
            assertThat(cli("", "invoke", name, "--data", "followed").code()).isZero();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (count(followed) <= before && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(count(followed)).isGreaterThan(before);
        } finally {
            follower.interrupt();
        }
        follower.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(follower.isAlive()).isFalse();
        String last = followed.toString(StandardCharsets.UTF_8)
                .lines()
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(json.readTree(last).path("function").asText()).isEqualTo(name);
    }

    private static long count(ByteArrayOutputStream out) {
        return out.toString(StandardCharsets.UTF_8).lines().count();
    }

    private Run cli(String stdin, String... args) {
        return cli.run(stdin, args);
    }
}
