package dev.sockeye.api.auth;

import java.time.Instant;

/**
 * One signed-in browser. The token stays on the server (the cookie holds only {@code id}) and is checked again on
 * every request, so revoking it ends the session. {@code csrfToken} is what every state-changing form must carry.
 */
public record ConsoleSession(String id, String apiToken, String csrfToken, Instant lastUsed) {

    ConsoleSession touched(Instant now) {
        return new ConsoleSession(id, apiToken, csrfToken, now);
    }
}
