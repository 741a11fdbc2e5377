package dev.sockeye.api.secrets;

import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.triggers.EmbeddedInvoker;
import dev.sockeye.store.PolicyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/** A function's secrets, write-only: names and when they were set come out, values only into the guest's env. */
@ApplicationScoped
public class SecretService {

    /** What a listing shows: never the value. */
    public record SecretView(String name, Instant setAt, String setBy) {}

    @Inject
    PolicyStore store;

    @Inject
    EmbeddedInvoker invoker;

    public List<SecretView> list(String function) {
        return store.secrets().list(function).stream()
                .map(info -> new SecretView(info.name(), info.updatedAt(), info.updatedBy()))
                .toList();
    }

    /** Sets (or replaces) a secret; a missing value is a 400 on {@code value}. */
    public void set(String function, String secret, String value, String actor) {
        if (value == null) {
            throw ApiException.badRequest("value", "a JSON body {\"value\": \"...\"} is required");
        }
        store.secrets().put(function, secret, value, actor);
        invoker.follow(function);
    }

    public void unset(String function, String secret) {
        store.secrets().delete(function, secret);
        invoker.follow(function);
    }
}
