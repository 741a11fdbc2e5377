package dev.sockeye.invoker.registry;

/** Who may call a function's routes. Only PUBLIC is served for now; the platform adds token checks. */
public enum TriggerVisibility {
    PUBLIC,
    TOKEN_PROTECTED
}
