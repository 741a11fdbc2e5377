package dev.sockeye.sockets.egress;

/**
 * The answer of {@link EgressPolicy#check(Destination)}.
 *
 * @param allowed whether the policy allows the destination (in enforce mode)
 * @param rule the rule that allows it, or null
 * @param reason what allowed it, or why not; never null
 */
public record CheckResult(boolean allowed, EgressRule rule, String reason) {

    static CheckResult allowedBy(EgressRule rule, String reason) {
        return new CheckResult(true, rule, reason);
    }

    static CheckResult denied(String reason) {
        return new CheckResult(false, null, reason);
    }
}
