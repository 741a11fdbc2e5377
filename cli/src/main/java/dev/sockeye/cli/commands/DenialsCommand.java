package dev.sockeye.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sockeye.cli.api.ApiClient;
import dev.sockeye.cli.output.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Egress the policies denied: the latest from the audit log, then with {@code -f} each new one live, over the API's
 * server-sent event stream ({@code GET /api/v1/egress-events/stream}).
 */
@Command(
        name = "denials",
        mixinStandardHelpOptions = true,
        description = "Egress denials, oldest first: when, which function, the destination and why;"
                + " -f then prints each new one (also learn mode's would-be denials) as it happens")
public final class DenialsCommand extends Verb {

    /** What the live stream calls a denial: enforced ones, and what learn mode allowed but enforce would deny. */
    private static final List<String> DENIED = List.of("denied", "would_deny");

    @Option(names = "--function", paramLabel = "NAME", description = "only this function's denials")
    String function;

    @Option(names = "--limit", defaultValue = "20", description = "how many past denials (default ${DEFAULT-VALUE})")
    int limit;

    @Option(
            names = {"-f", "--follow"},
            description = "then print new denials live until interrupted (with --json: one object per line)")
    boolean follow;

    @Override
    public Integer call() {
        ApiClient api = session().api();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("decision", "denied");
        query.put("limit", Integer.toString(limit));
        if (function != null) {
            query.put("function", function);
        }
        JsonNode past =
                api.get("/api/v1/egress-events" + ApiClient.queryString(query)).path("items");
        List<JsonNode> oldestFirst = new java.util.ArrayList<>();
        past.forEach(oldestFirst::add);
        oldestFirst = oldestFirst.reversed();
        if (!follow) {
            Table table = new Table("TIME", "FUNCTION", "DESTINATION", "REASON");
            return showTable(session().json().valueToTree(oldestFirst), table, DenialsCommand::cells);
        }
        oldestFirst.forEach(this::print);
        String live = "/api/v1/egress-events/stream"
                + (function == null ? "" : ApiClient.queryString(Map.of("function", function)));
        api.stream(live, event -> {
            if (DENIED.contains(event.path("decision").asText())) {
                print(event);
            }
        });
        return 0;
    }

    private static Object[] cells(JsonNode denial) {
        String decision = Session.text(denial, "decision");
        return new Object[] {
            Session.text(denial, "occurredAt"),
            Session.text(denial, "function"),
            Session.text(denial, "destination"),
            (decision.equals("would_deny") ? "(learn mode, allowed) " : "") + Session.text(denial, "reason")
        };
    }

    /** One denial as a line: the table's columns, or with --json one compact object. */
    private void print(JsonNode denial) {
        var out = session().out();
        if (json()) {
            session().printJsonLine(denial);
        } else {
            out.println(String.join(
                    "  ",
                    java.util.Arrays.stream(cells(denial)).map(Object::toString).toList()));
        }
        out.flush();
    }
}
