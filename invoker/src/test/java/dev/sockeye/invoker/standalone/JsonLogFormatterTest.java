package dev.sockeye.invoker.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.invoker.testing.RunningInvoker;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;

/** The invoker's own log lines, through JUL as in production, come out as one parseable JSON object each. */
class JsonLogFormatterTest {

    @Test
    void theInvokersLogLinesBecomeOneJsonObjectEachWithTheirFields() {
        var captured = new ByteArrayOutputStream();
        var handler = new StreamHandler(captured, new JsonLogFormatter());
        handler.setLevel(Level.ALL);
        Logger logger = Logger.getLogger("dev.sockeye.invoker");
        logger.addHandler(handler);
        try (var invoker = new RunningInvoker()) {
            System.getLogger("dev.sockeye.invoker.standalone.InvokerMain")
                    .log(
                            System.Logger.Level.WARNING,
                            "event=shutdown-error error=\"{0}\"",
                            "connection refused: localhost/127.0.0.1:5432\nretrying");
        } finally {
            handler.flush();
            logger.removeHandler(handler);
        }

        List<JsonObject> lines = captured.toString(StandardCharsets.UTF_8)
                .lines()
                .map(JsonObject::new)
                .toList();
        JsonObject started = lines.stream()
                .filter(line -> "invoker-started".equals(line.getString("event")))
                .findFirst()
                .orElseThrow();
        assertThat(started.getString("level")).isEqualTo("INFO");
        assertThat(started.getString("logger")).isEqualTo("dev.sockeye.invoker.Invoker");
        assertThat(started.getString("timestamp")).endsWith("Z");
        assertThat(started.getString("message")).startsWith("event=invoker-started port=");
        assertThat(Integer.parseInt(started.getString("port"))).isPositive();
        assertThat(started.getString("functions")).isEqualTo("0");

        JsonObject failed = lines.stream()
                .filter(line -> "shutdown-error".equals(line.getString("event")))
                .findFirst()
                .orElseThrow();
        assertThat(failed.getString("level")).isEqualTo("WARNING");
        assertThat(failed.getString("error")).isEqualTo("connection refused: localhost/127.0.0.1:5432\nretrying");
    }

    @Test
    void aQuotedFieldWithEscapedQuotesAndBackslashesIsReadBack() {
        var record = new java.util.logging.LogRecord(
                Level.INFO,
                "event=egress-denied reason=\"certificate subject=\\\"CN=api.test\\\" path C:\\\\ca\" port=443");
        record.setLoggerName("dev.sockeye.invoker.Invocation");

        JsonObject line = new JsonObject(new JsonLogFormatter().format(record));

        assertThat(line.getString("reason")).isEqualTo("certificate subject=\"CN=api.test\" path C:\\ca");
        assertThat(line.getString("port")).isEqualTo("443");
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> JsonLogFormatter.apply("yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SOCKEYE_LOG_FORMAT must be text or json, was 'yaml'");
    }
}
