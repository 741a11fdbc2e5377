package dev.sockeye.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sockeye.cli.api.ApiClient;
import dev.sockeye.cli.config.CliEnvironment;
import dev.sockeye.cli.config.Credentials;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/** What every verb of one run shares: the environment, the JSON mapper and the API client for the stored login. */
public final class Session {

    private final CliEnvironment environment;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Session(CliEnvironment environment) {
        this.environment = environment;
    }

    public CliEnvironment environment() {
        return environment;
    }

    public ObjectMapper json() {
        return json;
    }

    public PrintStream out() {
        return environment.stdout();
    }

    public PrintStream err() {
        return environment.stderr();
    }

    /** A client for the stored (or SOCKEYE_URL/SOCKEYE_TOKEN) login; refuses, as a usage error, to run without a token. */
    public ApiClient api() {
        Credentials credentials = credentials();
        if (credentials.token() == null) {
            throw new UsageProblem("not logged in: run 'sockeye login [URL]' or set SOCKEYE_TOKEN");
        }
        return new ApiClient(credentials.url(), credentials.token(), json);
    }

    public Credentials credentials() {
        try {
            return Credentials.resolve(environment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Credentials.file(environment) + ": " + e.getMessage(), e);
        }
    }

    /** Prints a JSON answer for scripts. */
    public void printJson(JsonNode node) {
        try {
            out().println(json.writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Prints a JSON answer as one line (a followed stream: one object per line) and flushes it. */
    public void printJsonLine(JsonNode node) {
        try {
            out().println(json.writer()
                    .without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out().flush();
    }

    /** A field as text, "-" when absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "-" : value.asText();
    }
}
