package dev.sockeye.store.functions;

/** Who may call a function's HTTP trigger. */
public enum TriggerVisibility {
    /** Anyone who can reach the invoker. */
    PUBLIC,
    /** Only callers presenting an API token. */
    PRIVATE
}
