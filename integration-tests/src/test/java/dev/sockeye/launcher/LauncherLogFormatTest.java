package dev.sockeye.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SOCKEYE_LOG_FORMAT=json ./sockeye up}: the platform's log, from Quarkus' first boot line to its last
 * shutdown line, is one JSON object per line with the standalone invoker's field names ({@code timestamp},
 * {@code level}, {@code logger}, {@code message}), so one pipeline reads both.
 */
class LauncherLogFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void jsonFormatMakesEveryLineOfThePlatformOneJsonObjectWithTheInvokersFields() throws Exception {
        int port = Up.freePort();
        Up up = start(port, Map.of("SOCKEYE_LOG_FORMAT", "json"));
        try (up) {
            up.awaitReady(port);
        } // SIGTERM, as Ctrl-C's signal: the shutdown lines are JSON too

        List<JsonNode> lines = Files.readAllLines(up.logFile()).stream()
                .map(LauncherLogFormatTest::parse)
                .toList();
        assertThat(lines).allSatisfy(line -> {
            assertThat(Instant.parse(line.get("timestamp").asText())).isBefore(Instant.now());
            assertThat(line.get("timestamp").asText()).endsWith("Z");
            assertThat(line.get("level").asText()).isNotBlank();
            assertThat(line.get("logger").asText()).isNotBlank();
            assertThat(line.has("message")).isTrue();
        });
        JsonNode postgres = lines.stream()
                .filter(line -> line.get("message").asText().startsWith("event=embedded_postgres_started"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no embedded_postgres_started line:\n" + lines));
        assertThat(postgres.get("level").asText()).isEqualTo("INFO");
        assertThat(postgres.get("logger").asText()).startsWith("dev.sockeye.");
        assertThat(postgres.get("message").asText()).contains("initdb=true");
        assertThat(lines)
                .as("Quarkus' own lines")
                .anySatisfy(
                        line -> assertThat(line.get("message").asText()).contains("Listening on: http://127.0.0.1"));
        assertThat(lines)
                .as("the shutdown")
                .anySatisfy(line -> assertThat(line.get("message").asText()).contains("event=policy_store_closed"));
    }

    @Test
    void textStaysTheDefaultForATerminal() throws Exception {
        int port = Up.freePort();
        Up up = start(port, Map.of());
        try (up) {
            up.awaitReady(port);
        }
        // application.properties' quarkus.log.console.format: HH:mm:ss.SSS LEVEL [category] message
        assertThat(up.log())
                .containsPattern(
                        "(?m)^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  \\[[^\\]]+\\] event=embedded_postgres_started ")
                .doesNotContainPattern("(?m)^\\{");
    }

    @Test
    void anUnknownFormatStopsTheStartWithOneLineNamingTheSetting() throws Exception {
        try (Up up = start(Up.freePort(), Map.of("SOCKEYE_LOG_FORMAT", "yaml"))) {
            assertThat(up.process().waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(up.process().exitValue()).isNotZero();
            assertThat(up.log())
                    .contains("sockeye.log.format")
                    .contains("\"yaml\"")
                    .doesNotContainPattern("(?m)^\\s+at [a-z]");
        }
    }

    /** {@code ./sockeye up} without the AOT cache and the admin token banner (plain stdout, not a log line). */
    private Up start(int port, Map<String, String> extraEnvironment) throws IOException {
        var environment = new HashMap<>(extraEnvironment);
        environment.put("SOCKEYE_AOT", "off");
        environment.put("SOCKEYE_BOOTSTRAP_CREATE_ADMIN_TOKEN", "false");
        environment.put("SOCKEYE_VERSIONS_WARM_UP_PARSES", "0");
        return Up.start(work, work.resolve("aot"), port, environment);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }
}
