package dev.sockeye.api.console;

import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.problems.Problem;
import dev.sockeye.sockets.egress.InvalidEgressPolicyException;
import dev.sockeye.store.errors.StoreException;
import java.util.List;

/**
 * What the API refused, shown next to the form that sent it: the same message a REST client gets in its problem's
 * {@code detail}, and each individual fault ({@code errors}) on its own line.
 *
 * @param form    which form on the page it belongs to ({@code create}, {@code upload}, {@code rule}...)
 * @param status  the HTTP status the API answers the same request with
 */
public record FormError(String form, int status, String message, List<String> details) {

    static final FormError NONE = new FormError("", 200, "", List.of());

    /** Whether this error is the one of form {@code name}. */
    public boolean isFor(String name) {
        return form.equals(name);
    }

    /** The refusal, or the exception itself when it is not one of the API's refusals (then it stays a 5xx). */
    static FormError of(String form, RuntimeException refusal) {
        return switch (refusal) {
            case ApiException api ->
                new FormError(
                        form,
                        api.status(),
                        api.errors().size() > 1 || api.errors().isEmpty() ? api.getMessage() : null,
                        api.errors().stream().map(FormError::describe).toList());
            case StoreException.NotFound missing -> new FormError(form, 404, missing.getMessage(), List.of());
            case StoreException.Conflict conflict -> new FormError(form, 409, conflict.getMessage(), List.of());
            case StoreException.Invalid invalid -> new FormError(form, 400, invalid.getMessage(), List.of());
            case InvalidEgressPolicyException rules ->
                new FormError(
                        form,
                        422,
                        null,
                        rules.problems().stream().map(Throwable::getMessage).toList());
            default -> throw refusal;
        };
    }

    private static String describe(Problem.Item item) {
        return item.field() == null ? item.message() : item.field() + ": " + item.message();
    }
}
