package dev.sockeye.api.console;

import dev.sockeye.api.auth.Caller;
import dev.sockeye.api.auth.ConsoleSession;
import dev.sockeye.api.auth.ConsoleSessions;
import dev.sockeye.store.tokens.Role;
import java.util.Locale;

/**
 * What every console page shows around its content: who is signed in, whether they may edit, and the CSRF token
 * that each of its forms carries.
 *
 * @param page which navigation entry is current
 */
public record Chrome(String tokenName, String role, boolean canEdit, boolean isAdmin, String csrf, String page) {

    static Chrome of(Caller caller, ConsoleSessions sessions, String sessionId, String page) {
        String csrf = sessions.find(sessionId).map(ConsoleSession::csrfToken).orElse("");
        return new Chrome(
                caller.tokenName(),
                caller.role().name().toLowerCase(Locale.ROOT),
                caller.mayAct(Role.DEVELOPER),
                caller.mayAct(Role.ADMIN),
                csrf,
                page);
    }
}
