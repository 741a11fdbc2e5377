package dev.sockeye.api.console;

import dev.sockeye.api.egress.EgressBodies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One write to a policy as the history shows it: who and when, and the rules as a diff of before and after.
 *
 * @param lines each rule of before and after once: removed ({@code -}), then after's rules, added ({@code +}) or
 *              kept ({@code " "})
 */
public record PolicyChangeView(
        long revision, Instant changedAt, String changedBy, String modeBefore, String modeAfter, List<DiffLine> lines) {

    /** A line of the diff; {@code sign} is {@code +}, {@code -} or a space. */
    public record DiffLine(String sign, String rule) {

        public String label() {
            return switch (sign) {
                case "+" -> "added";
                case "-" -> "removed";
                default -> "kept";
            };
        }
    }

    public boolean modeChanged() {
        return !modeBefore.equals(modeAfter);
    }

    static PolicyChangeView of(EgressBodies.HistoryEntry entry) {
        return new PolicyChangeView(
                entry.revision(),
                entry.changedAt(),
                entry.changedBy(),
                entry.modeBefore(),
                entry.modeAfter(),
                diff(entry.rulesBefore(), entry.rulesAfter()));
    }

    static List<DiffLine> diff(List<String> before, List<String> after) {
        List<DiffLine> lines = new ArrayList<>();
        for (String rule : before) {
            if (!after.contains(rule)) {
                lines.add(new DiffLine("-", rule));
            }
        }
        for (String rule : after) {
            lines.add(new DiffLine(before.contains(rule) ? " " : "+", rule));
        }
        return lines;
    }
}
