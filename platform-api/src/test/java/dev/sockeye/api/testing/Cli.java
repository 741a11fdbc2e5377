package dev.sockeye.api.testing;

import dev.sockeye.cli.SockeyeCli;
import dev.sockeye.cli.config.CliEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The sockeye CLI run in this JVM as a user would run it: its own SOCKEYE_HOME, working directory and stdio. */
public final class Cli {

    private final Path home;
    private final Path project;

    public Cli(Path home, Path project) {
        this.home = home;
        this.project = project;
    }

    /** The same user, with the same login, working in {@code directory}. */
    public Cli in(Path directory) {
        return new Cli(home, directory);
    }

    /** What one run printed and its exit code. */
    public record Run(int code, String out, String err) {}

    /** One run with {@code stdin} as its input, not on a terminal. */
    public Run run(String stdin, String... args) {
        return run(Map.of(), stdin, false, args);
    }

    /** One run with extra environment variables, on a terminal or not. */
    public Run run(Map<String, String> variables, String stdin, boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(out, err, variables, stdin, terminal, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** One run printing into the given streams as it goes (for following commands). */
    public int run(
            OutputStream out,
            OutputStream err,
            Map<String, String> extra,
            String stdin,
            boolean terminal,
            String... args) {
        Map<String, String> variables = new HashMap<>(extra);
        variables.put("SOCKEYE_HOME", home.toString());
        CliEnvironment environment = new CliEnvironment(
                variables,
                project,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal);
        return SockeyeCli.run(args, environment);
    }
}
