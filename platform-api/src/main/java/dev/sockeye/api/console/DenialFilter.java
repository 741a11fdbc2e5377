package dev.sockeye.api.console;

import dev.sockeye.api.observability.EgressEventHub;
import dev.sockeye.api.problems.ApiException;
import java.util.List;

/**
 * What the denials feed shows: one function or all (null), and {@code denials} (both kinds), {@code denied} or
 * {@code would_deny}.
 */
public record DenialFilter(String function, String decision) {

    static final List<String> DECISIONS = List.of(EgressEventHub.DENIALS, "denied", "would_deny");

    static DenialFilter of(String function, String decision) {
        String wanted = decision == null || decision.isBlank() ? EgressEventHub.DENIALS : decision.strip();
        if (!DECISIONS.contains(wanted)) {
            throw ApiException.badRequest(
                    "decision", "decision must be one of " + String.join(", ", DECISIONS) + ", was '" + decision + "'");
        }
        return new DenialFilter(function == null || function.isBlank() ? null : function.strip(), wanted);
    }

    boolean shows(DenialRow row) {
        return decision.equals(EgressEventHub.DENIALS) || decision.equals(row.decision());
    }

    /** The stream's address with this filter. */
    public String streamUrl() {
        return "/console/denials/stream?decision=" + decision + (function == null ? "" : "&function=" + function);
    }
}
