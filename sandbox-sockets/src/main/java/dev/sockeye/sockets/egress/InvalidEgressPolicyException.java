package dev.sockeye.sockets.egress;

import java.util.List;
import java.util.stream.Collectors;

/** A policy with one or more rules that do not parse; the message lists every one of them, one per line. */
public final class InvalidEgressPolicyException extends IllegalArgumentException {
    private final List<InvalidEgressRuleException> problems;

    /** A policy whose rules had these {@code problems} (at least one). */
    public InvalidEgressPolicyException(List<InvalidEgressRuleException> problems) {
        super(problems.size() + " invalid egress rule" + (problems.size() == 1 ? "" : "s") + ":\n"
                + problems.stream().map(p -> "  " + p.getMessage()).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** Each bad rule, in the order given. */
    public List<InvalidEgressRuleException> problems() {
        return problems;
    }
}
