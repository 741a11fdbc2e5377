package dev.sockeye.cli.commands;

/** A command line that parses but cannot be carried out (a missing file, a bad K=V): one line, exit 2. */
public final class UsageProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UsageProblem(String message) {
        super(message);
    }
}
