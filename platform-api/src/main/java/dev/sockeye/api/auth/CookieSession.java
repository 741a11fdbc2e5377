package dev.sockeye.api.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A resource of the web console: its caller is the token behind the session cookie ({@link ConsoleSessions}), not
 * an {@code Authorization} header. {@link Requires} still sets the least role; without a session the caller is sent
 * to the sign-in page ({@link SignInRequired}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CookieSession {}
