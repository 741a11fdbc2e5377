package dev.sockeye.sockets.egress;

import java.util.Locale;

/** Whether a policy's denials are enforced or only reported. */
public enum EgressMode {
    /** Denials are enforced (the default). */
    ENFORCE,
    /** Nothing is denied; what would have been denied is reported as {@link EgressDecision.Verdict#WOULD_DENY}. */
    LEARN;

    /**
     * {@code enforce} or {@code learn}, case-insensitive.
     *
     * @throws IllegalArgumentException for anything else
     */
    public static EgressMode parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "enforce" -> ENFORCE;
            case "learn" -> LEARN;
            default -> throw new IllegalArgumentException("egress mode \"" + text + "\" is neither enforce nor learn");
        };
    }
}
