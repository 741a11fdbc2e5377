package dev.sockeye.store.egress;

import java.util.List;

/**
 * Checks rules before they are stored. The real one wraps sandbox-sockets' rule parser and is injected by the
 * API layer; policy-store itself does not depend on the rule language.
 */
@FunctionalInterface
public interface EgressRuleValidator {

    /**
     * @throws dev.sockeye.store.errors.StoreException.Invalid naming the first bad rule
     */
    void validate(List<String> rules);

    /** Only checks the shape: each rule is one non-blank line. */
    static EgressRuleValidator singleLineRules() {
        return rules -> {
            for (int i = 0; i < rules.size(); i++) {
                String rule = rules.get(i);
                if (rule == null || rule.isBlank() || rule.contains("\n") || rule.contains("\r")) {
                    throw new dev.sockeye.store.errors.StoreException.Invalid(
                            "egress rule " + (i + 1) + " must be one non-blank line, was '" + rule + "'");
                }
            }
        };
    }
}
