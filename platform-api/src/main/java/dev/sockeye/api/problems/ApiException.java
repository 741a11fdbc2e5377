package dev.sockeye.api.problems;

import java.util.List;

/**
 * A request the API refuses, with everything its problem document needs. Services throw it; {@link ProblemMapping}
 * turns it into the response.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String field;
    private final List<Problem.Item> errors;
    private final int retryAfterSeconds;

    public ApiException(int status, String type, String title, String detail, String field, List<Problem.Item> errors) {
        this(status, type, title, detail, field, errors, 0);
    }

    private ApiException(
            int status,
            String type,
            String title,
            String detail,
            String field,
            List<Problem.Item> errors,
            int retryAfterSeconds) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.field = field;
        this.errors = List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503: the request is fine but the platform is busy with others; the answer says when to try again. */
    public static ApiException busy(String title, String detail, int retryAfterSeconds) {
        return new ApiException(503, ProblemTypes.BUSY, title, detail, null, List.of(), retryAfterSeconds);
    }

    /** 400: {@code field} is malformed or missing. */
    public static ApiException badRequest(String field, String detail) {
        return new ApiException(400, ProblemTypes.BAD_REQUEST, "Bad request", detail, field, List.of());
    }

    /** 422: well-formed, but its content is refused (bad rules, unlinkable module ...). */
    public static ApiException unprocessable(
            String type, String title, String detail, String field, List<Problem.Item> errors) {
        return new ApiException(422, type, title, detail, field, errors);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String field() {
        return field;
    }

    public List<Problem.Item> errors() {
        return errors;
    }

    /** The Retry-After the answer carries, in seconds; 0 for none. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
