package dev.sockeye.store.tokens;

import java.time.Instant;
import java.util.Optional;

/** A token's record; the secret part is never stored, only its SHA-256. */
public record ApiToken(
        String name,
        Role role,
        Instant createdAt,
        String createdBy,
        Optional<Instant> lastUsedAt,
        Optional<Instant> revokedAt) {}
