package dev.sockeye.api.problems;

/** The problem {@code type} URIs the API uses; docs/api.md describes each. */
public final class ProblemTypes {

    private static final String BASE = "https://sockeye.dev/problems/";

    public static final String BAD_REQUEST = BASE + "bad-request";
    public static final String NOT_FOUND = BASE + "not-found";
    public static final String CONFLICT = BASE + "conflict";
    public static final String INVALID = BASE + "invalid";
    public static final String INVALID_EGRESS_RULES = BASE + "invalid-egress-rules";
    public static final String INVALID_MODULE = BASE + "invalid-module";
    public static final String UNSATISFIED_IMPORTS = BASE + "unsatisfied-imports";
    public static final String UNSUPPORTED_FEATURE = BASE + "unsupported-feature";
    public static final String MODULE_TOO_LARGE = BASE + "module-too-large";
    public static final String UNAUTHENTICATED = BASE + "unauthenticated";
    public static final String FORBIDDEN = BASE + "forbidden";
    public static final String UNAVAILABLE = BASE + "unavailable";
    public static final String BUSY = BASE + "busy";
    public static final String INTERNAL = BASE + "internal";

    private ProblemTypes() {}
}
