package dev.sockeye.store.egress;

import java.time.Instant;
import java.util.List;

/**
 * A function's egress allowlist as the invoker enforces it.
 *
 * @param rules    one rule per element, in the rule language of sandbox-sockets (parsed there, stored as text)
 * @param revision 0 for the initial empty (deny-all) policy, +1 per write
 */
public record PolicyRevision(
        String functionName, List<String> rules, PolicyMode mode, long revision, Instant updatedAt, String updatedBy) {}
