package dev.sockeye.store.changes;

/** What an invoker must refresh for the function a change names. */
public enum ChangeKind {
    /** A version was activated: module, args, env and files change together. Revision = version number. */
    ACTIVE_VERSION,
    /** Egress rules or mode. Revision = the policy revision. */
    POLICY,
    /** Timeout, memory, concurrency, socket or byte limits. */
    LIMITS,
    /** The paths that trigger the function. */
    ROUTES,
    /** Whether the trigger is public or needs a token. */
    VISIBILITY,
    /** A secret was set, deleted or re-encrypted. */
    SECRETS,
    /** The function is gone; drop it. */
    FUNCTION_DELETED
}
