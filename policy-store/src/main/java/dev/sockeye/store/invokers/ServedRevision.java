package dev.sockeye.store.invokers;

/**
 * What one invoker runs for one function.
 *
 * @param version the active version number its registry holds
 * @param policyRevision the egress policy revision it enforces
 */
public record ServedRevision(int version, long policyRevision) {}
