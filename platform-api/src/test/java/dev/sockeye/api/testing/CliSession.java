package dev.sockeye.api.testing;

import dev.sockeye.cli.SockeyeCli;
import dev.sockeye.cli.config.CliEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The sockeye CLI run in this JVM as a user would run it in {@code workingDirectory}, with its login stored under
 * {@code home} ({@code SOCKEYE_HOME}).
 */
public record CliSession(Path home, Path workingDirectory) {

    /** One run: exit code, stdout, stderr. */
    public record Run(int code, String out, String err) {}

    private Run execute(String stdin, Path directory, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliEnvironment environment = new CliEnvironment(
                Map.of("SOCKEYE_HOME", home.toString()),
                directory,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);
        int code = SockeyeCli.run(args, environment);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code sockeye ARGS...} in the working directory, with nothing on stdin. */
    public Run run(String... args) {
        return execute("", workingDirectory, args);
    }

    /** Runs {@code sockeye ARGS...} in {@code directory}. */
    public Run runIn(Path directory, String... args) {
        return execute("", directory, args);
    }

    /** {@code sockeye login URL} with the token on stdin. */
    public Run login(String url, String token) {
        return execute(token + "\n", workingDirectory, "login", url);
    }
}
