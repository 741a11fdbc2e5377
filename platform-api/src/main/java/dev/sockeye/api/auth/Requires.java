package dev.sockeye.api.auth;

import dev.sockeye.store.tokens.Role;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role a resource method (or every method of a class) needs. A method without it, on a class without
 * it, needs {@link Role#ADMIN}: access is denied by default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Requires {
    Role value();
}
