package dev.sockeye.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sockeye.cli.output.Table;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
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

    /** With --json the API's answer as it is; else {@code human} shows it. Exit 0. */
    protected int show(JsonNode answer, Consumer<JsonNode> human) {
        if (json()) {
            session().printJson(answer);
        } else {
            human.accept(answer);
        }
        return 0;
    }

    /** With --json the API's array as it is; else {@code table} with one row per element. Exit 0. */
    protected int showTable(JsonNode items, Table table, Function<JsonNode, Object[]> row) {
        return show(items, array -> {
            array.forEach(item -> table.row(row.apply(item)));
            table.print(session().out());
        });
    }

    /** For an API answer without a body: {@code human} as a line, or with --json {@code fields} as an object. */
    protected int done(String human, Map<String, Object> fields) {
        if (json()) {
            session().printJson(session().json().valueToTree(fields));
        } else {
            session().out().println(human);
        }
        return 0;
    }

    /** Implemented by the root command, which owns the session. */
    public interface SessionHolder {
        Session session();
    }
}
