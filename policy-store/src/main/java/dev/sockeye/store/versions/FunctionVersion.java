package dev.sockeye.store.versions;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable version of a function, numbered 1, 2, 3 ... per function. */
public record FunctionVersion(
        String functionName,
        int number,
        String moduleSha256,
        List<String> args,
        Map<String, String> env,
        Optional<String> fileBundleSha256,
        Instant createdAt,
        String createdBy) {}
