package dev.sockeye.api.auth;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.problems.ProblemTypes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web console's sessions, in memory: a restart signs everyone out, which is the safe direction. Signing in checks
 * the token with {@link TokenAuthenticator}, like the API does; so does every later request.
 */
@ApplicationScoped
public class ConsoleSessions {

    /** The session cookie's name. */
    public static final String COOKIE = "sockeye_session";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    @Inject
    TokenAuthenticator authenticator;

    @Inject
    SockeyeConfig config;

    /** A new session for a valid token (blocking: one query), or the API's 401 problem. */
    public ConsoleSession signIn(String apiToken) {
        if (apiToken == null || apiToken.isBlank()) {
            throw TokenAuthenticator.unauthenticated("enter an API token (sockeye_...)");
        }
        authenticator.authenticate(bearer(apiToken.strip()));
        // Abandoned sessions go when someone signs in, so the map stays as small as the live sessions.
        sessions.values().removeIf(this::idleTooLong);
        ConsoleSession session = new ConsoleSession(randomId(), apiToken.strip(), randomId(), clock.instant());
        sessions.put(session.id(), session);
        return session;
    }

    /** The caller behind a session cookie; ends the session if it is idle too long or its token no longer works. */
    Caller authenticate(String sessionId) {
        return check(sessionId, true);
    }

    /**
     * Whether the session still stands, as a request's check would find (ending it if not), without counting as a
     * use: an open live feed asks this, and a feed left open does not keep an idle session alive.
     */
    public boolean isLive(String sessionId) {
        try {
            check(sessionId, false);
            return true;
        } catch (SignInRequired ended) {
            return false;
        }
    }

    private Caller check(String sessionId, boolean use) {
        ConsoleSession session = find(sessionId).orElseThrow(() -> new SignInRequired("no session"));
        Instant now = clock.instant();
        if (idleTooLong(session)) {
            sessions.remove(session.id());
            throw new SignInRequired("the session was idle too long");
        }
        try {
            Caller caller = authenticator.authenticate(bearer(session.apiToken()));
            if (use) {
                sessions.put(session.id(), session.touched(now));
            }
            return caller;
        } catch (ApiException refused) {
            sessions.remove(session.id());
            throw new SignInRequired(refused.getMessage());
        }
    }

    private boolean idleTooLong(ConsoleSession session) {
        return session.lastUsed().plus(config.console().sessionIdleTimeout()).isBefore(clock.instant());
    }

    public Optional<ConsoleSession> find(String sessionId) {
        return sessionId == null ? Optional.empty() : Optional.ofNullable(sessions.get(sessionId));
    }

    /** 403 unless {@code presented} is the session's CSRF token (compared in constant time). */
    public void requireCsrf(String sessionId, String presented) {
        ConsoleSession session = find(sessionId).orElseThrow(() -> new SignInRequired("no session"));
        boolean matches = presented != null
                && MessageDigest.isEqual(
                        presented.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        session.csrfToken().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!matches) {
            throw new ApiException(
                    403,
                    ProblemTypes.FORBIDDEN,
                    "Forbidden",
                    "the form's CSRF token is missing or not this session's; reload the page and try again",
                    "csrf",
                    List.of());
        }
    }

    public void signOut(String sessionId) {
        if (sessionId != null) {
            sessions.remove(sessionId);
        }
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String randomId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
