package dev.sockeye.cli.commands;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups verbs ({@code policy}, {@code secret}, ...): run alone it is a usage error. */
abstract class VerbGroup implements Runnable {

    private final String name;
    private final String verbs;

    @Spec
    CommandSpec spec;

    VerbGroup(String name, String verbs) {
        this.name = name;
        this.verbs = verbs;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), name + " needs a verb: " + verbs);
    }
}
