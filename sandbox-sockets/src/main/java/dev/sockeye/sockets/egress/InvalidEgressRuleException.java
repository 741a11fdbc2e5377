package dev.sockeye.sockets.egress;

/** A rule that does not parse. The message quotes the rule and says what is wrong with it. */
public final class InvalidEgressRuleException extends IllegalArgumentException {
    private final String rule;
    private final String problem;

    /** The rule {@code rule} is wrong because of {@code problem}. */
    public InvalidEgressRuleException(String rule, String problem) {
        super("egress rule \"" + rule + "\": " + problem);
        this.rule = rule;
        this.problem = problem;
    }

    /** The rule's text as given. */
    public String rule() {
        return rule;
    }

    /** What is wrong with it, without the rule. */
    public String problem() {
        return problem;
    }
}
