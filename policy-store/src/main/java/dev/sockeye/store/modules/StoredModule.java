package dev.sockeye.store.modules;

import java.time.Instant;
import java.util.List;

/** A module's metadata; the bytes are fetched separately because they can be megabytes. */
public record StoredModule(
        String sha256, long sizeBytes, List<String> imports, Instant uploadedAt, String uploadedBy) {}
