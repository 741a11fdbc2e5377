package dev.sockeye.cli.commands;

import dev.sockeye.cli.api.ApiClient;
import dev.sockeye.cli.output.Table;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * A function's secrets: secret set|rm|ls. Values are write-only in the API and never taken from the command line
 * (shell history, {@code ps}): they come from stdin or a prompt without echo.
 */
@Command(
        name = "secret",
        mixinStandardHelpOptions = true,
        description = "Set, remove or list a function's secrets (the guest sees them as environment variables)",
        subcommands = {SecretCommands.Set.class, SecretCommands.Remove.class, SecretCommands.Ls.class})
public final class SecretCommands extends VerbGroup {

    public SecretCommands() {
        super("secret", "set, rm or ls");
    }

    /** A verb about one secret of one function. */
    abstract static class SecretVerb extends FunctionVerb {

        @Parameters(index = "1", paramLabel = "KEY", description = "the secret's name, e.g. DB_PASSWORD")
        String key;

        String secretPath() {
            return functionPath() + "/secrets/" + ApiClient.query(key);
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Set a secret: the value is read from stdin (all of it, without its last line break) or typed at a"
                        + " prompt without echo; never from the command line.",
                "e.g. sockeye secret set api DB_PASSWORD < password.txt"
            })
    public static final class Set extends SecretVerb {

        @Parameters(index = "2..*", arity = "0..*", hidden = true)
        List<String> valueOnTheCommandLine;

        @Override
        public Integer call() throws IOException {
            if (valueOnTheCommandLine != null && !valueOnTheCommandLine.isEmpty()) {
                throw new UsageProblem("secret set takes the value from stdin or a prompt, never from the command line"
                        + " (it would stay in shell history): sockeye secret set " + name + " " + key + " < FILE");
            }
            String value = session().environment().readHidden("Value of " + key + " for " + name + ": ");
            if (value == null) {
                throw new UsageProblem("no value given for " + key + " (pipe it in or type it at the prompt)");
            }
            session().api().put(secretPath(), Map.of("value", value));
            return done("Set secret " + key + " of " + name, Map.of("function", name, "secret", key, "set", true));
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a secret")
    public static final class Remove extends SecretVerb {

        @Override
        public Integer call() {
            session().api().delete(secretPath());
            return done("Removed secret " + key + " of " + name, Map.of("function", name, "secret", key, "set", false));
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "A function's secrets and when they were set")
    public static final class Ls extends FunctionVerb {

        @Override
        public Integer call() {
            return showTable(
                    session().api().get(functionPath() + "/secrets"),
                    new Table("KEY", "SET", "BY"),
                    secret -> new Object[] {
                        Session.text(secret, "name"), Session.text(secret, "setAt"), Session.text(secret, "setBy")
                    });
        }
    }
}
