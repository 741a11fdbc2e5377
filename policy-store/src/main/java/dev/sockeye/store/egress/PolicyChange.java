package dev.sockeye.store.egress;

import java.time.Instant;
import java.util.List;

/** One write to a policy: what it was, what it became, who and when. {@code revision} is the one it produced. */
public record PolicyChange(
        long revision,
        List<String> rulesBefore,
        PolicyMode modeBefore,
        List<String> rulesAfter,
        PolicyMode modeAfter,
        Instant changedAt,
        String changedBy) {}
