package dev.sockeye.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sockeye.cli.api.ApiClient;
import dev.sockeye.cli.output.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A function's egress policy: policy get|set|add|rm|mode|check|history (docs/egress-policy.md for the rules). */
@Command(
        name = "policy",
        mixinStandardHelpOptions = true,
        description = "Show, change or check a function's egress rules",
        subcommands = {
            PolicyCommands.Get.class,
            PolicyCommands.Set.class,
            PolicyCommands.Add.class,
            PolicyCommands.Remove.class,
            PolicyCommands.Mode.class,
            PolicyCommands.Check.class,
            PolicyCommands.History.class
        })
public final class PolicyCommands extends VerbGroup {

    public PolicyCommands() {
        super("policy", "get, set, add, rm, mode, check or history");
    }

    static int print(Verb verb, JsonNode policy) {
        return verb.show(policy, shown -> {
            var out = verb.session().out();
            out.println(Session.text(shown, "function") + ": mode " + Session.text(shown, "mode") + ", revision "
                    + Session.text(shown, "revision"));
            JsonNode rules = shown.path("rules");
            if (rules.isEmpty()) {
                out.println("  (no rules: all egress is denied)");
            }
            rules.forEach(rule -> out.println("  " + rule.asText()));
            shown.path("warnings").forEach(warning -> verb.session().err().println("warning: " + warning.asText()));
        });
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show the rules, mode and revision")
    public static final class Get extends FunctionVerb {

        @Override
        public Integer call() {
            return print(this, session().api().get(functionPath() + "/egress"));
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Replace all rules with the ones given (--none: no rules, all egress denied); --mode too.",
                "Refused if someone changed the policy between reading and writing it."
            })
    public static final class Set extends FunctionVerb {

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "RULE", description = "e.g. https://api.example.com")
        List<String> rules = new ArrayList<>();

        @Option(names = "--none", description = "remove every rule (all egress is denied)")
        boolean none;

        @Option(names = "--mode", paramLabel = "MODE", description = "enforce or learn (default: unchanged)")
        String mode;

        @Override
        public Integer call() {
            if (rules.isEmpty() && !none) {
                throw new UsageProblem("policy set needs the rules (or --none to deny all egress)");
            }
            if (!rules.isEmpty() && none) {
                throw new UsageProblem("give either rules or --none, not both");
            }
            ApiClient api = session().api();
            JsonNode current = api.get(functionPath() + "/egress");
            Map<String, Object> replace = new LinkedHashMap<>();
            replace.put("rules", rules);
            replace.put("mode", mode != null ? mode : current.path("mode").asText());
            replace.put("revision", current.path("revision").asLong());
            return print(this, api.put(functionPath() + "/egress", replace));
        }
    }

    /** Applies each rule of the command line in turn and prints the policy after the last. */
    abstract static class RuleChange extends FunctionVerb {

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "RULE", description = "e.g. tcp://db.internal:5432")
        List<String> rules;

        abstract JsonNode apply(ApiClient api, String rule);

        @Override
        public Integer call() {
            ApiClient api = session().api();
            JsonNode policy = null;
            for (String rule : rules) {
                policy = apply(api, rule);
            }
            return print(this, policy);
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Allow one or more destinations")
    public static final class Add extends RuleChange {

        @Override
        JsonNode apply(ApiClient api, String rule) {
            return api.post(functionPath() + "/egress/rules", Map.of("rule", rule));
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove one or more rules, as listed")
    public static final class Remove extends RuleChange {

        @Override
        JsonNode apply(ApiClient api, String rule) {
            return api.delete(functionPath() + "/egress/rules?rule=" + ApiClient.query(rule));
        }
    }

    @Command(
            name = "mode",
            mixinStandardHelpOptions = true,
            description = "enforce (deny what no rule allows) or learn (allow it and report it as a denial)")
    public static final class Mode extends FunctionVerb {

        @Parameters(index = "1", paramLabel = "MODE", description = "enforce or learn")
        String mode;

        @Override
        public Integer call() {
            return print(this, session().api().put(functionPath() + "/egress/mode", Map.of("mode", mode)));
        }
    }

    @Command(
            name = "check",
            mixinStandardHelpOptions = true,
            description = "Would the policy allow a destination? e.g. policy check NAME tcp://db.internal:5432")
    public static final class Check extends FunctionVerb {

        @Parameters(index = "1", paramLabel = "DESTINATION", description = "written like a rule: tcp://host:port")
        String destination;

        @Override
        public Integer call() {
            JsonNode answer =
                    session().api().post(functionPath() + "/egress:check", Map.of("destination", destination));
            return show(answer, this::describe);
        }

        private void describe(JsonNode answer) {
            if (answer.path("allowed").asBoolean()) {
                session()
                        .out()
                        .println("allowed: " + Session.text(answer, "destination") + " by rule "
                                + Session.text(answer, "rule"));
            } else {
                session()
                        .out()
                        .println("denied: " + Session.text(answer, "destination") + " ("
                                + Session.text(answer, "reason") + ")");
            }
        }
    }

    @Command(
            name = "history",
            mixinStandardHelpOptions = true,
            description = "Every change of the policy, newest first")
    public static final class History extends FunctionVerb {

        @Override
        public Integer call() {
            return showTable(
                    session().api().get(functionPath() + "/egress/history"),
                    new Table("REVISION", "CHANGED", "BY", "MODE", "RULES"),
                    change -> new Object[] {
                        Session.text(change, "revision"),
                        Session.text(change, "changedAt"),
                        Session.text(change, "changedBy"),
                        Session.text(change, "modeAfter"),
                        FunctionCommands.joined(change.get("rulesAfter"))
                    });
        }
    }
}
