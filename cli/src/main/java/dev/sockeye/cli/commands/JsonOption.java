package dev.sockeye.cli.commands;

import picocli.CommandLine.Option;

/** {@code --json}: the API's JSON instead of a table, for scripts. */
public final class JsonOption {

    @Option(names = "--json", description = "print the API's JSON instead of a table")
    boolean json;
}
