package dev.sockeye.api.auth;

/**
 * A console request without a live session: none was sent, it timed out, or its token was revoked or expired. The
 * console answers it by sending the browser to the sign-in page.
 */
public class SignInRequired extends RuntimeException {

    public SignInRequired(String reason) {
        super(reason);
    }
}
