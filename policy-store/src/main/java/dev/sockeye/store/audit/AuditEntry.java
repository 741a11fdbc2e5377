package dev.sockeye.store.audit;

/** Anything the {@link AuditWriter} queues. */
public sealed interface AuditEntry permits InvocationEntry, EgressDenial, EgressAllowed, EgressDecisionEntry {}
