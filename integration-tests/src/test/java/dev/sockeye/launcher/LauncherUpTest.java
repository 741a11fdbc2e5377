package dev.sockeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./sockeye up} started again on the same home: the embedded Postgres cluster the first start created (initdb)
 * is reused with its data, also after a crash left a stale {@code postmaster.pid}; and the first start leaves a JDK
 * AOT cache (trained in the background) that the next start runs from.
 */
class LauncherUpTest {

    private static final Pattern ADMIN_TOKEN = Pattern.compile("(?m)^\\s+(sockeye_\\S+)\\s*$");

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    @Test
    void aSecondUpKeepsTheDataAndStartsFromTheCacheTheFirstLeft() throws Exception {
        Path aot = work.resolve("aot");
        int port = Up.freePort();
        String token;
        try (var first = Up.start(work, aot, port, Map.of())) {
            first.awaitReady(port);
            token = adminToken(first);
            assertThat(first.log()).contains("initdb=true");
        }
        var caches = new AotCacheDirectory(aot, "up");
        Path cache = caches.awaitCache();
        assertThat(cache.getFileName().toString()).matches("up-[0-9a-f]{16}\\.aot");

        // AOTMode=on makes the JVM refuse to start unless it maps the cache the launcher names.
        long postmaster;
        var second = Up.start(work, aot, port, Map.of("SOCKEYE_JAVA_OPTS", "-XX:AOTMode=on"));
        try (second) {
            second.awaitReady(port);
            assertThat(whoAmI(port, token)).isEqualTo(200);
            assertThat(second.log()).contains("initdb=false").contains("admin_token=existing");
            assertThat(second.log()).doesNotContain("Sockeye is up. Admin API token");
            postmaster = postmasterPid();
        }
        assertThat(caches.caches()).containsExactly(cache);

        // Ctrl-C: the platform closes its store before its Postgres stops, so its last writes print no stack trace.
        awaitGone(postmaster);
        assertThat(second.log())
                .contains("event=policy_store_closed")
                .doesNotContain("Exception")
                .doesNotContainPattern("(?m)^\\s+at [a-z]");
    }

    @Test
    void anUpAfterACrashStartsOnTheDataDirectoryWithItsStalePidFile() throws Exception {
        int port = Up.freePort();
        Map<String, String> noCache = Map.of("SOCKEYE_AOT", "off");
        String token;
        try (var crashed = Up.start(work, work.resolve("aot"), port, noCache)) {
            crashed.awaitReady(port);
            token = adminToken(crashed);
            // The machine goes down: the platform and its Postgres die at once, postmaster.pid stays behind.
            Path pidFile = work.resolve("home/data/postmaster.pid");
            long postmaster = postmasterPid();
            crashed.process().destroyForcibly().waitFor();
            ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroyForcibly);
            awaitGone(postmaster);
            assertThat(pidFile).exists();
        }

        try (var restarted = Up.start(work, work.resolve("aot"), port, noCache)) {
            restarted.awaitReady(port);
            assertThat(whoAmI(port, token)).isEqualTo(200);
            assertThat(restarted.log()).contains("initdb=false").contains("admin_token=existing");
        }
    }

    private static String adminToken(Up up) throws IOException, InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(giveUp)) {
            Matcher token = ADMIN_TOKEN.matcher(up.log());
            if (token.find()) {
                return token.group(1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the first start printed no admin token:\n" + up.log());
    }

    private int whoAmI(int port, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/whoami"))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(work.resolve("home/data/postmaster.pid"))
                .getFirst()
                .trim());
    }

    private static void awaitGone(long pid) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(1));
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("postgres " + pid + " still runs a minute later");
            }
            Thread.sleep(100);
        }
    }
}
