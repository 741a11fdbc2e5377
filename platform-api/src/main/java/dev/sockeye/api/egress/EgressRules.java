package dev.sockeye.api.egress;

import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.problems.Problem;
import dev.sockeye.api.problems.ProblemTypes;
import dev.sockeye.sockets.egress.EgressPolicy;
import dev.sockeye.sockets.egress.EgressRule;
import dev.sockeye.sockets.egress.InvalidEgressRuleException;
import java.util.ArrayList;
import java.util.List;

/** The rule language of sandbox-sockets (docs/egress-policy.md), as the API checks and explains rules. */
public final class EgressRules {

    private EgressRules() {}

    /** The store's validator: parses the whole list; throws listing every bad rule. */
    public static void validate(List<String> rules) {
        EgressPolicy.parse(rules);
    }

    /** 422 listing each rule that does not parse, by its position ({@code rules[2]}) and message. */
    public static void requireValid(List<String> rules) {
        if (rules == null) {
            throw ApiException.badRequest("rules", "rules is required (an empty list denies everything)");
        }
        List<Problem.Item> problems = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            String rule = rules.get(i);
            if (rule == null) {
                problems.add(new Problem.Item("rules[" + i + "]", null, "a rule must be a string, was null"));
                continue;
            }
            try {
                EgressRule.parse(rule);
            } catch (InvalidEgressRuleException e) {
                problems.add(new Problem.Item("rules[" + i + "]", rule, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.unprocessable(
                    ProblemTypes.INVALID_EGRESS_RULES,
                    "Invalid egress rules",
                    problems.size() + " egress rule" + (problems.size() == 1 ? " does" : "s do") + " not parse: "
                            + String.join(
                                    "; ",
                                    problems.stream().map(Problem.Item::message).toList()),
                    problems.getFirst().field(),
                    problems);
        }
    }

    /** What deserves a second look in valid rules (any host, wide blocks, special ranges): allowed, but shown. */
    public static List<String> warnings(List<String> rules) {
        return EgressPolicy.parse(rules).warnings();
    }
}
