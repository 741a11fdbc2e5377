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
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's verbs for a function's settings and the platform's tokens, run in this JVM against the real app,
 * Postgres, triggers and guests: secret, env, policy set, token, denials (live over server-sent events).
 */
@QuarkusTest
class CliSettingsEndToEndTest {

    @Inject
    PolicyStore store;

    @TestHTTPResource("/")
    URI platform;

    @TempDir
    Path home;

    @TempDir
    Path project;

    private final ObjectMapper json = new ObjectMapper();
    private Cli cli;

    @BeforeEach
    void logInAsAdmin() {
        cli = new Cli(home, project);
        Run login = cli.run(Api.token(store, Role.ADMIN) + "\n", "login", platform.toString());
        assertThat(login.code()).as(login.err()).isZero();
    }

    private String deployProbe(String... extra) {
        String name = Api.unique("cli-settings");
        String[] args = new String[4 + extra.length];
        args[0] = "deploy";
        args[1] = name;
        args[2] = Api.guestPath("wagi_probe.wasm").toString();
        args[3] = "--public";
        System.arraycopy(extra, 0, args, 4, extra.length);
        Run deployed = cli.run("", args);
        assertThat(deployed.code()).as(deployed.err()).isZero();
        return name;
    }

    @Test
    void secretsComeFromStdinAndEnvChangesMakeVersionsBothReachTheGuest() throws IOException {
        String name = deployProbe("--arg", "env");

        Run set = cli.run("multi\nline s3cr3t\n", "secret", "set", name, "DB_PASSWORD");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("Set secret DB_PASSWORD of " + name + "\n");
        Run listed = cli.run("", "secret", "ls", name);
        assertThat(listed.out()).startsWith("KEY").contains("DB_PASSWORD").doesNotContain("s3cr3t");
        assertThat(json.readTree(cli.run("", "secret", "ls", name, "--json").out()))
                .singleElement()
                .satisfies(secret -> assertThat(secret.path("name").asText()).isEqualTo("DB_PASSWORD"));

        Run env = cli.run("", "env", "set", name, "GREETING=hello there", "COLOUR=blue");
        assertThat(env.code()).as(env.err()).isZero();
        assertThat(env.out()).isEqualTo(name + ": set GREETING, COLOUR in version 3 (active)\n");
        assertThat(cli.run("", "env", "ls", name).out())
                .contains("GREETING  hello there")
                .contains("COLOUR    blue");

        Run invoked = cli.run("", "invoke", name);
        assertThat(invoked.out())
                .contains("GREETING=hello there")
                .contains("COLOUR=blue")
                .contains("DB_PASSWORD=multi\nline s3cr3t\n");

        assertThat(cli.run("", "env", "rm", name, "COLOUR").out())
                .isEqualTo(name + ": removed COLOUR in version 4 (active)\n");
        assertThat(cli.run("", "secret", "rm", name, "DB_PASSWORD").code()).isZero();
        Run after = cli.run("", "invoke", name);
        assertThat(after.out())
                .contains("GREETING=hello there")
                .doesNotContain("COLOUR=")
                .doesNotContain("s3cr3t");

        Run missing = cli.run("", "env", "rm", name, "COLOUR");
        assertThat(missing.code()).isEqualTo(SockeyeCli.API_ERROR);
        assertThat(missing.err()).isEqualTo("sockeye: function '" + name + "' has no environment variable COLOUR\n");
    }

    @Test
    void policySetReplacesEveryRuleAndNoneDeniesAll() throws IOException {
        String name = deployProbe("--allow", "tcp://127.0.0.1:9");

        Run set = cli.run("", "policy", "set", name, "https://api.example.com", "tcp://db.internal:5432");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out().lines().toList())
                .containsExactly(
                        name + ": mode enforce, revision 2", "  https://api.example.com", "  tcp://db.internal:5432");

        JsonNode learn =
                json.readTree(cli.run("", "policy", "set", name, "tcp://db.internal:5432", "--mode", "learn", "--json")
                        .out());
        assertThat(learn.path("mode").asText()).isEqualTo("learn");
        assertThat(learn.path("rules")).hasSize(1);

        assertThat(cli.run("", "policy", "set", name, "--none").out()).contains("(no rules: all egress is denied)");
        Run bad = cli.run("", "policy", "set", name, "tcp://db.internal:5432", "gopher://x");
        assertThat(bad.code()).isEqualTo(SockeyeCli.API_ERROR);
        assertThat(bad.err().lines()).singleElement().asString().contains("gopher://x");
    }

    @Test
    void aCreatedTokenIsPrintedAloneOnceWorksAndStopsWorkingWhenRevoked() throws IOException {
        String tokenName = Api.unique("cli-ci");
        Run created = cli.run("", "token", "create", tokenName, "--role", "viewer");
        assertThat(created.code()).as(created.err()).isZero();
        String token = created.out().strip();
        assertThat(created.out()).isEqualTo(token + "\n");
        assertThat(token).startsWith("sockeye_");
        assertThat(created.err()).contains("shown only now");

        Run asViewer = cli.run(Map.of("SOCKEYE_TOKEN", token), "", false, "whoami");
        assertThat(asViewer.out()).startsWith(tokenName + " (viewer)");
        Run viewerCannot = cli.run(Map.of("SOCKEYE_TOKEN", token), "", false, "token", "ls");
        assertThat(viewerCannot.code()).isEqualTo(SockeyeCli.API_ERROR);
        assertThat(viewerCannot.err().lines()).hasSize(1);

        assertThat(cli.run("", "token", "ls").out()).startsWith("NAME").containsPattern(tokenName + " +viewer ");
        assertThat(cli.run("", "token", "revoke", tokenName).out()).isEqualTo("Revoked token " + tokenName + "\n");
        JsonNode listed = json.readTree(cli.run("", "token", "ls", "--json").out());
        JsonNode revoked = null;
        for (JsonNode item : listed) {
            if (item.path("name").asText().equals(tokenName)) {
                revoked = item;
            }
        }
        assertThat(revoked).isNotNull();
        assertThat(revoked.path("revokedAt").isTextual()).isTrue();
        Run refused = cli.run(Map.of("SOCKEYE_TOKEN", token), "", false, "whoami");
        assertThat(refused.code()).isEqualTo(SockeyeCli.API_ERROR);
        assertThat(refused.err().lines()).hasSize(1);

        Run badRole = cli.run("", "token", "create", Api.unique("cli-bad"), "--role", "root");
        assertThat(badRole.code()).isEqualTo(SockeyeCli.API_ERROR);
        assertThat(badRole.err()).isEqualTo("sockeye: role must be admin, developer or viewer, was 'root'\n");
    }

    @Test
    void denialsFollowPrintsADenialLiveThenTheListShowsIt() throws Exception {
        String name = deployProbe("--arg", "dial", "--env", "PROBE_HOST=127.0.0.1", "--env", "PROBE_PORT=9");
        ByteArrayOutputStream followed = new ByteArrayOutputStream();
        AtomicInteger followCode = new AtomicInteger(-1);
        Thread follower = Thread.ofVirtual()
                .start(() -> followCode.set(cli.run(
                        followed,
                        new ByteArrayOutputStream(),
                        Map.of(),
                        "",
                        false,
                        "denials",
                        "-f",
                        "--function",
                        name,
                        "--json")));
        try {
            // The stream may open after the first invocation: invoke until a denial arrives.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (followed.size() == 0 && System.nanoTime() < deadline) {
                cli.run("", "invoke", name);
                Thread.sleep(200);
            }
        } finally {
            follower.interrupt();
        }
        follower.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(follower.isAlive()).isFalse();
        assertThat(followCode.get()).isEqualTo(SockeyeCli.INTERRUPTED);
        JsonNode live = json.readTree(
                followed.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
        assertThat(live.path("function").asText()).isEqualTo(name);
        assertThat(live.path("decision").asText()).isEqualTo("denied");
        assertThat(live.path("destination").asText()).isEqualTo("tcp://127.0.0.1:9");

        // The audit log is written behind the invocation: poll the list until it has the denial.
        Run listed = cli.run("", "denials", "--function", name);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!listed.out().contains("tcp://127.0.0.1:9") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            listed = cli.run("", "denials", "--function", name);
        }
        assertThat(listed.code()).isZero();
        assertThat(listed.out().lines().toList().getFirst()).startsWith("TIME").contains("DESTINATION");
        assertThat(listed.out()).contains(name).contains("tcp://127.0.0.1:9");
    }
}
