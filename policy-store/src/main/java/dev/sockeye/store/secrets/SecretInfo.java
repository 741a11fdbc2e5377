package dev.sockeye.store.secrets;

import java.time.Instant;

/** What the API may show about a secret: never its value. */
public record SecretInfo(String name, String keyId, Instant updatedAt, String updatedBy) {}
