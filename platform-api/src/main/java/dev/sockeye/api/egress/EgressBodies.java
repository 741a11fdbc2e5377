package dev.sockeye.api.egress;

import dev.sockeye.store.egress.PolicyChange;
import dev.sockeye.store.egress.PolicyRevision;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the egress resource. */
public final class EgressBodies {

    private EgressBodies() {}

    /** A function's policy; {@code warnings} names rules that deserve a second look ({@code EgressRule.warning}). */
    @Schema(name = "PolicyRevision", example = """
            {"function": "hello", "rules": ["https://api.example.com", "tcp://10.0.0.0/8:5432"], "mode": "enforce",
             "revision": 4, "updatedAt": "2026-11-24T00:13:00Z", "updatedBy": "token:ci", "warnings": []}""")
    public record PolicyView(
            String function,
            List<String> rules,
            String mode,
            long revision,
            Instant updatedAt,
            String updatedBy,
            List<String> warnings) {

        static PolicyView of(PolicyRevision policy) {
            return new PolicyView(
                    policy.functionName(),
                    policy.rules(),
                    label(policy.mode()),
                    policy.revision(),
                    policy.updatedAt(),
                    policy.updatedBy(),
                    EgressRules.warnings(policy.rules()));
        }
    }

    @Schema(name = "ReplaceEgressPolicy", example = """
            {"rules": ["https://api.example.com", "tcp://10.0.0.0/8:5432"], "mode": "enforce", "revision": 3}""")
    public record Replace(List<String> rules, String mode, Long revision) {}

    @Schema(name = "AddEgressRule", example = "{\"rule\": \"https://api.example.com\", \"revision\": 3}")
    public record AddRule(String rule, Long revision) {}

    @Schema(name = "EgressMode", example = "{\"mode\": \"learn\", \"revision\": 4}")
    public record Mode(String mode, Long revision) {}

    /** A destination as a denial reports it, to admit with the narrowest rule. */
    @Schema(name = "EgressAllow", example = "{\"destination\": \"tcp://10.0.0.5:5432\", \"revision\": 4}")
    public record Allow(String destination, Long revision) {}

    /** The rule that admits the destination; {@code added} is false when the rules already held it. */
    @Schema(name = "EgressAllowed")
    public record Allowed(String rule, boolean added, PolicyView policy) {}

    /** Either {@code destination} written like a rule, or {@code host}, {@code port} and {@code protocol}. */
    @Schema(name = "EgressCheck", example = "{\"host\": \"db.example.com\", \"port\": 5432, \"protocol\": \"tcp\"}")
    public record Check(String destination, String host, Integer port, String protocol) {}

    @Schema(name = "EgressCheckAnswer", example = """
            {"destination": "tcp://db.example.com:5432", "allowed": true, "rule": "tcp://*.example.com:5432",
             "reason": "name allowed; its resolved addresses must lie outside special ranges"}""")
    public record CheckAnswer(String destination, boolean allowed, String rule, String reason) {}

    public record HistoryEntry(
            long revision,
            List<String> rulesBefore,
            String modeBefore,
            List<String> rulesAfter,
            String modeAfter,
            Instant changedAt,
            String changedBy) {

        static HistoryEntry of(PolicyChange change) {
            return new HistoryEntry(
                    change.revision(),
                    change.rulesBefore(),
                    label(change.modeBefore()),
                    change.rulesAfter(),
                    label(change.modeAfter()),
                    change.changedAt(),
                    change.changedBy());
        }
    }

    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
