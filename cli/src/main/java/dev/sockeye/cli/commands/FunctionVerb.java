package dev.sockeye.cli.commands;

import dev.sockeye.cli.api.ApiClient;
import picocli.CommandLine.Parameters;

/** A verb about one function: its first parameter is the function's name. */
public abstract class FunctionVerb extends Verb {

    @Parameters(index = "0", paramLabel = "NAME", description = "the function")
    String name;

    /** The function's API path, {@code /api/v1/functions/NAME}. */
    protected String functionPath() {
        return "/api/v1/functions/" + ApiClient.query(name);
    }
}
