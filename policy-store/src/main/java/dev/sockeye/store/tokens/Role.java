package dev.sockeye.store.tokens;

/** What a token may do: admin everything, developer deploy and configure, viewer read. */
public enum Role {
    ADMIN,
    DEVELOPER,
    VIEWER
}
