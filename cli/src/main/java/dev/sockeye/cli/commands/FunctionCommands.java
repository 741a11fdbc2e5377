package dev.sockeye.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sockeye.cli.output.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Reading and steering deployed functions: ls, versions, activate, rollback, rm. */
public final class FunctionCommands {

    private FunctionCommands() {}

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List functions")
    public static final class Ls extends Verb {

        @Override
        public Integer call() {
            return showTable(
                    session().api().get("/api/v1/functions"),
                    new Table("NAME", "ACTIVE", "VISIBILITY", "ROUTES", "INVOCATIONS", "DENIALS"),
                    function -> new Object[] {
                        Session.text(function, "name"),
                        Session.text(function, "activeVersion"),
                        Session.text(function, "visibility"),
                        joined(function.get("routes")),
                        Session.text(function, "invocations"),
                        Session.text(function, "denials")
                    });
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, description = "List a function's versions")
    public static final class Versions extends FunctionVerb {

        @Override
        public Integer call() {
            return showTable(
                    session().api().get(functionPath() + "/versions"),
                    new Table("VERSION", "ACTIVE", "MODULE", "BYTES", "SOCKETS", "CREATED", "BY"),
                    version -> new Object[] {
                        Session.text(version, "number"),
                        version.path("active").asBoolean() ? "*" : "",
                        Session.text(version.get("module"), "sha256").substring(0, 12),
                        Session.text(version.get("module"), "sizeBytes"),
                        version.path("module").path("usesSockets").asBoolean() ? "yes" : "no",
                        Session.text(version, "createdAt"),
                        Session.text(version, "createdBy")
                    });
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Make version N the one triggers run")
    public static final class Activate extends FunctionVerb {

        @Parameters(index = "1", paramLabel = "N", description = "the version number")
        int number;

        @Override
        public Integer call() {
            JsonNode version = session().api().post(functionPath() + "/versions/" + number + "/activate", null);
            return printActive(this, version);
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description = "Activate the version before the active one")
    public static final class Rollback extends FunctionVerb {

        @Override
        public Integer call() {
            JsonNode version = session().api().post(functionPath() + "/rollback", null);
            return printActive(this, version);
        }
    }

    static int printActive(Verb verb, JsonNode version) {
        return verb.show(
                version,
                active -> verb.session()
                        .out()
                        .println(Session.text(active, "function") + ": version " + Session.text(active, "number")
                                + " is active"));
    }

    @Command(
            name = "rm",
            mixinStandardHelpOptions = true,
            description = "Delete a function with its versions, policy and secrets (its audit stays)")
    public static final class Rm extends FunctionVerb {

        @Override
        public Integer call() {
            session().api().delete(functionPath());
            return done("Deleted " + name, Map.of("deleted", name));
        }
    }

    static String joined(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            return "-";
        }
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.asText()));
        return String.join(",", items);
    }
}
