package dev.sockeye.store.functions;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/** A function as stored; {@code activeVersion} is empty until a version is activated. */
public record FunctionDefinition(
        String name,
        String description,
        Instant createdAt,
        Instant updatedAt,
        OptionalInt activeVersion,
        FunctionLimits limits,
        List<String> routes,
        TriggerVisibility visibility) {}
