package dev.sockeye.store.audit;

import java.time.Instant;

/** Allowed egress attempts of one function to one destination within one minute. */
public record AllowedEgressCount(String functionName, String destination, Instant minute, long connections) {}
