package dev.sockeye.invoker.registry;

/**
 * Where the registry's functions come from, as /health reports it: the embedded platform (always current) or the
 * policy store feed (stale while Postgres is unreachable: the invoker keeps serving what it has).
 */
public interface FunctionSource {

    /** A short name: "embedded", "static", "policy-store". */
    String kind();

    /** Whether the registry follows its source right now. */
    boolean live();

    /**
     * Whether the registry holds every function its source had when last seen: true once fully loaded, false when
     * changes are known to be missing (a full reload failed). An invoker whose source is neither live nor warm is not
     * ready: it cannot know which functions it should serve.
     */
    default boolean warm() {
        return true;
    }

    /** One line for operators, e.g. "last change 12:03:04Z" or "postgres unreachable since ...". */
    String detail();

    /** A registry fed directly by code (the platform, tests): always live. */
    static FunctionSource direct(String kind) {
        return new FunctionSource() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public boolean live() {
                return true;
            }

            @Override
            public String detail() {
                return "functions are deployed directly";
            }
        };
    }
}
