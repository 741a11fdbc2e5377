package dev.sockeye.store.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One row of the egress audit as the API lists it: a single denial, or the allowed connections of one function to
 * one destination within one minute ({@code count} of them).
 *
 * @param reason       why it was denied; empty for allowed rows
 * @param invocationId the invocation a denial happened in, if known
 */
public record EgressEvent(
        EgressEventQuery.Decision decision,
        String functionName,
        Instant occurredAt,
        String destination,
        Optional<String> reason,
        Optional<UUID> invocationId,
        long count) {}
