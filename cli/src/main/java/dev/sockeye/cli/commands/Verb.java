package dev.sockeye.cli.commands;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A verb of the CLI: it runs with the run's {@link Session} and returns its exit code. */
public abstract class Verb implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JsonOption output;

    protected Session session() {
        CommandSpec root = spec.root();
        return ((SessionHolder) root.userObject()).session();
    }

    protected boolean json() {
        return output.json;
    }

    /** Implemented by the root command, which owns the session. */
    public interface SessionHolder {
        Session session();
    }
}
