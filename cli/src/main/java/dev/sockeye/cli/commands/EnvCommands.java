package dev.sockeye.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sockeye.cli.api.ApiClient;
import dev.sockeye.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * A function's environment variables: env set|rm|ls. They belong to versions, which are immutable, so each change
 * creates the next version (active if the one it was based on was).
 */
@Command(
        name = "env",
        mixinStandardHelpOptions = true,
        description = "Set, remove or list the environment variables of a function's active version",
        subcommands = {EnvCommands.Set.class, EnvCommands.Remove.class, EnvCommands.Ls.class})
public final class EnvCommands extends VerbGroup {

    public EnvCommands() {
        super("env", "set, rm or ls");
    }

    /** Makes each change in turn (one new version each) and prints the version after the last. */
    abstract static class EnvChange extends FunctionVerb {

        abstract List<String> changes();

        abstract JsonNode apply(ApiClient api, String change);

        abstract String describe(List<String> changes);

        @Override
        public Integer call() {
            ApiClient api = session().api();
            JsonNode version = null;
            for (String change : changes()) {
                version = apply(api, change);
            }
            return show(
                    version,
                    shown -> session()
                            .out()
                            .println(name + ": " + describe(changes()) + " in version "
                                    + Session.text(shown, "number")
                                    + (shown.path("active").asBoolean() ? " (active)" : " (not active)")));
        }

        String variablePath(String variable) {
            return functionPath() + "/env/" + ApiClient.query(variable);
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = "Set variables: each creates a new version (use 'secret set' for values to keep secret)")
    public static final class Set extends EnvChange {

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "K=V", description = "e.g. GREETING=hello")
        List<String> pairs;

        @Override
        List<String> changes() {
            DeployCommand.pairs(pairs); // every pair checked before the first change
            return pairs;
        }

        @Override
        JsonNode apply(ApiClient api, String pair) {
            Map.Entry<String, String> variable =
                    DeployCommand.pairs(List.of(pair)).entrySet().iterator().next();
            return api.put(variablePath(variable.getKey()), Map.of("value", variable.getValue()));
        }

        @Override
        String describe(List<String> changes) {
            List<String> names = new ArrayList<>();
            DeployCommand.pairs(changes).keySet().forEach(names::add);
            return "set " + String.join(", ", names);
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Unset variables (a new version each)")
    public static final class Remove extends EnvChange {

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "KEY", description = "a variable's name")
        List<String> keys;

        @Override
        List<String> changes() {
            return keys;
        }

        @Override
        JsonNode apply(ApiClient api, String key) {
            return api.delete(variablePath(key));
        }

        @Override
        String describe(List<String> changes) {
            return "removed " + String.join(", ", changes);
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "The active version's environment")
    public static final class Ls extends FunctionVerb {

        @Override
        public Integer call() {
            JsonNode env = session().api().get(functionPath() + "/env");
            return show(env, variables -> {
                Table table = new Table("KEY", "VALUE");
                variables
                        .properties()
                        .forEach(entry ->
                                table.row(entry.getKey(), entry.getValue().asText()));
                table.print(session().out());
            });
        }
    }
}
