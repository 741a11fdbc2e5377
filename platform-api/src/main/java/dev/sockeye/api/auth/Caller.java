package dev.sockeye.api.auth;

import dev.sockeye.store.tokens.Role;

/** Who made the request: the token's name and role. Writes record {@link #actor()}. */
public record Caller(String tokenName, Role role) {

    /** The actor recorded with every write, e.g. {@code token:ci-deployer}. */
    public String actor() {
        return "token:" + tokenName;
    }

    /** Admin may do everything; developer what developers and viewers may; viewer only reads. */
    public boolean mayAct(Role required) {
        return switch (role) {
            case ADMIN -> true;
            case DEVELOPER -> required != Role.ADMIN;
            case VIEWER -> required == Role.VIEWER;
        };
    }
}
