package dev.sockeye.cli;

import dev.sockeye.cli.api.ApiProblem;
import dev.sockeye.cli.api.PlatformUnreachable;
import dev.sockeye.cli.commands.AccountCommands;
import dev.sockeye.cli.commands.DenialsCommand;
import dev.sockeye.cli.commands.DeployCommand;
import dev.sockeye.cli.commands.EnvCommands;
import dev.sockeye.cli.commands.FunctionCommands;
import dev.sockeye.cli.commands.InvokeCommand;
import dev.sockeye.cli.commands.LogsCommand;
import dev.sockeye.cli.commands.PolicyCommands;
import dev.sockeye.cli.commands.SecretCommands;
import dev.sockeye.cli.commands.Session;
import dev.sockeye.cli.commands.TokenCommands;
import dev.sockeye.cli.commands.UsageProblem;
import dev.sockeye.cli.commands.Verb;
import dev.sockeye.cli.config.CliEnvironment;
import dev.sockeye.cli.config.Credentials;
import dev.sockeye.cli.manifest.ManifestException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sockeye} command for function authors. Every outcome is an exit code and, on failure, one line on
 * stderr: 0 done, 1 the platform refused or could not be reached, 2 a bad command line or manifest.
 */
@Command(
        name = "sockeye",
        mixinStandardHelpOptions = true,
        version = "sockeye 0.1.0",
        description = "Deploy and run WebAssembly functions on a Sockeye platform (docs/guide.md)",
        subcommands = {
            AccountCommands.Login.class,
            AccountCommands.Logout.class,
            AccountCommands.WhoAmI.class,
            DeployCommand.class,
            InvokeCommand.class,
            FunctionCommands.Ls.class,
            FunctionCommands.Versions.class,
            FunctionCommands.Activate.class,
            FunctionCommands.Rollback.class,
            FunctionCommands.Rm.class,
            LogsCommand.class,
            PolicyCommands.class,
            SecretCommands.class,
            EnvCommands.class,
            TokenCommands.class,
            DenialsCommand.class,
            dev.sockeye.cli.commands.NewCommand.class
        })
public final class SockeyeCli implements Callable<Integer>, Verb.SessionHolder {

    public static final int OK = 0;
    public static final int API_ERROR = 1;
    public static final int USAGE = 2;
    /** As a shell reports a command ended by Ctrl-C (128 + SIGINT). */
    public static final int INTERRUPTED = 130;

    private final Session session;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private SockeyeCli(Session session) {
        this.session = session;
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(session.err());
        return USAGE;
    }

    public static void main(String[] args) {
        System.exit(run(args, CliEnvironment.system()));
    }

    /** Runs one command line in this process; what a user would see goes to the environment's stdout/stderr. */
    public static int run(String[] args, CliEnvironment environment) {
        Session session = new Session(environment);
        CommandLine line = new CommandLine(new SockeyeCli(session));
        line.setOut(new PrintWriter(environment.stdout(), true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(environment.stderr(), true, StandardCharsets.UTF_8));
        line.setParameterExceptionHandler((problem, arguments) -> {
            CommandLine.Model.CommandSpec failed = problem.getCommandLine().getCommandSpec();
            String verb = failed.qualifiedName();
            if (failed.root() == failed
                    && problem instanceof CommandLine.UnmatchedArgumentException unmatched
                    && !unmatched.getUnmatched().isEmpty()) {
                environment
                        .stderr()
                        .println("sockeye: unknown command '"
                                + unmatched.getUnmatched().getFirst() + "' (see 'sockeye --help')");
                return USAGE;
            }
            environment.stderr().println("sockeye: " + problem.getMessage() + " (see '" + verb + " --help')");
            return USAGE;
        });
        line.setExecutionExceptionHandler((problem, commandLine, parsed) -> fail(environment, problem));
        int code = line.execute(args);
        environment.stdout().flush();
        return code;
    }

    /** The one place where a failure becomes a line on stderr and an exit code; never a stack trace. */
    private static int fail(CliEnvironment environment, Exception problem) {
        int code;
        String message;
        switch (problem) {
            case ApiProblem api -> {
                code = API_ERROR;
                message = api.getMessage();
            }
            case PlatformUnreachable unreachable -> {
                code = API_ERROR;
                message = unreachable.getMessage();
            }
            case ManifestException manifest -> {
                code = USAGE;
                message = manifest.getMessage();
            }
            case UsageProblem usage -> {
                code = USAGE;
                message = usage.getMessage();
            }
            case Credentials.BadUrl url -> {
                code = USAGE;
                message = url.getMessage();
            }
            case InterruptedException interrupted -> {
                code = INTERRUPTED;
                message = "interrupted";
            }
            case CancellationException cancelled -> {
                code = INTERRUPTED;
                message = cancelled.getMessage();
            }
            case UncheckedIOException io -> {
                code = API_ERROR;
                message = io.getMessage();
            }
            case IOException io -> {
                code = API_ERROR;
                message = io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
            }
            default -> {
                code = API_ERROR;
                message = "unexpected error: " + problem;
            }
        }
        environment.stderr().println("sockeye: " + message);
        return code;
    }
}
