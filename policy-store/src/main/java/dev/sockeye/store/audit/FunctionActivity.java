package dev.sockeye.store.audit;

/** How often a function ran and how many egress attempts it had denied, over the retained audit trail. */
public record FunctionActivity(long invocations, long denials) {

    public static final FunctionActivity NONE = new FunctionActivity(0, 0);
}
