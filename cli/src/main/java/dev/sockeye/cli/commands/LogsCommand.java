package dev.sockeye.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sockeye.cli.api.ApiClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "A function's latest invocations, oldest first: status, duration, denials and the stderr tail")
public final class LogsCommand extends FunctionVerb {

    private static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(1);

    @Option(names = "--limit", defaultValue = "20", description = "how many invocations (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--status", description = "only invocations with this status (e.g. ok, 502)")
    String status;

    @Option(
            names = {"-f", "--follow"},
            description = "keep printing new invocations until interrupted (with --json: one object per line)")
    boolean follow;

    private final Set<String> printed = new HashSet<>();

    @Override
    public Integer call() throws InterruptedException {
        ApiClient api = session().api();
        List<JsonNode> first = newInvocations(api);
        if (json() && !follow) {
            ArrayNode array = session().json().createArrayNode();
            first.forEach(array::add);
            session().printJson(array);
            return 0;
        }
        first.forEach(this::print);
        while (follow) {
            Thread.sleep(FOLLOW_INTERVAL);
            newInvocations(api).forEach(this::print);
        }
        return 0;
    }

    /** The invocations of the newest page not printed yet, with their stderr tails, oldest first. */
    private List<JsonNode> newInvocations(ApiClient api) {
        String query = "?limit=" + limit + (status == null ? "" : "&status=" + ApiClient.query(status));
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode summary : api.get(functionPath() + "/invocations" + query).path("items")) {
            String id = Session.text(summary, "id");
            if (printed.add(id)) {
                fresh.add(api.get("/api/v1/invocations/" + ApiClient.query(id)));
            }
        }
        return fresh.reversed();
    }

    private void print(JsonNode invocation) {
        var out = session().out();
        if (json()) {
            session().printJsonLine(invocation);
            return;
        }
        out.println(Session.text(invocation, "startedAt") + " v" + Session.text(invocation, "version") + " status="
                + Session.text(invocation, "status") + " duration=" + Session.text(invocation, "durationMs")
                + "ms denials=" + Session.text(invocation, "denials"));
        JsonNode stderr = invocation.get("stderrTail");
        if (stderr != null && !stderr.isNull() && !stderr.asText().isBlank()) {
            stderr.asText().lines().forEach(line -> out.println("  | " + line));
        }
        out.flush();
    }
}
