package dev.sockeye.cli.api;

/**
 * The platform answered with an error: {@link #getMessage()} is the problem's {@code detail} (or its title), one
 * line for stderr; the CLI exits 1.
 */
public final class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiProblem(int status, String detail) {
        super(detail);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
