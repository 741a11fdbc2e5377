package dev.sockeye.cli.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one run of the CLI sees of the outside: environment variables, the working directory, stdio and, when there
 * is one, the terminal. {@link #system()} is the real process; tests build their own and run in-process.
 */
public record CliEnvironment(
        Map<String, String> variables,
        Path workingDirectory,
        InputStream stdin,
        PrintStream stdout,
        PrintStream stderr,
        boolean terminal) {

    public static CliEnvironment system() {
        return new CliEnvironment(
                System.getenv(),
                Path.of("").toAbsolutePath(),
                System.in,
                System.out,
                System.err,
                System.console() != null);
    }

    /** {@code $SOCKEYE_HOME}, else {@code $HOME/.sockeye}, else the account's home. */
    public Path home() {
        String explicit = variables.get("SOCKEYE_HOME");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String home = variables.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".sockeye");
    }

    public String variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    /** Reads a secret: without echo on a terminal, else one line of stdin. Null when there is nothing to read. */
    public String readSecret(String prompt) throws IOException {
        if (terminal && System.console() != null) {
            char[] typed = System.console().readPassword("%s", prompt);
            return typed == null ? null : new String(typed);
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        return reader.readLine();
    }

    /**
     * Reads a value that must not appear on a command line: typed without echo on a terminal, else all of stdin
     * (so a file or a multi-line key can be piped in) without the one line break that ends it. Null when empty.
     */
    public String readHidden(String prompt) throws IOException {
        if (terminal && System.console() != null) {
            return readSecret(prompt);
        }
        String text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.isEmpty() ? null : text;
    }

    /** Resolves a path the user typed against the working directory. */
    public Path resolve(String path) {
        return workingDirectory.resolve(path);
    }
}
