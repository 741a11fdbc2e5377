package dev.sockeye.store.tokens;

import dev.sockeye.store.database.Actors;
import dev.sockeye.store.database.EnumColumns;
import dev.sockeye.store.database.Transactor;
import dev.sockeye.store.errors.StoreException;
import dev.sockeye.store.modules.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API tokens. Tokens are 256 random bits, so a plain SHA-256 is enough to store them (no password stretching
 * needed: there is nothing to guess).
 */
public final class ApiTokenStore {

    /** Recognisable prefix, so leaked tokens can be found by secret scanners. */
    public static final String PREFIX = "sockeye_";

    private static final int TOKEN_BYTES = 32;
    private static final Pattern SUPPLIED_TOKEN = Pattern.compile(PREFIX + "[A-Za-z0-9_-]{43,}");
    private static final String TOKEN_COLUMNS = "name, role, created_at, created_by, last_used_at, revoked_at";

    private final Transactor transactor;
    private final SecureRandom random = new SecureRandom();

    public ApiTokenStore(Transactor transactor) {
        this.transactor = transactor;
    }

    public IssuedToken issue(String name, Role role, String actor) {
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        return insert(
                name,
                role,
                actor,
                PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /**
     * Stores a token generated elsewhere (an orchestrator's secret), of the same form as issued ones:
     * {@code sockeye_} and at least 43 URL-safe base64 characters (256 bits).
     */
    public IssuedToken register(String name, Role role, String actor, String plainText) {
        if (plainText == null || !SUPPLIED_TOKEN.matcher(plainText).matches()) {
            throw new StoreException.Invalid(
                    "a supplied token must be " + PREFIX + " and at least 43 URL-safe base64 characters");
        }
        return insert(name, role, actor, plainText);
    }

    private IssuedToken insert(String name, Role role, String actor, String plainText) {
        Actors.requireValid(actor);
        if (name == null || name.isBlank()) {
            throw new StoreException.Invalid("token name must not be blank");
        }
        ApiToken token = transactor.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into api_tokens (name, role, token_sha256, created_by) values (?, ?, ?, ?)
                    on conflict (name) do nothing
                    returning\s""" + TOKEN_COLUMNS)) {
                insert.setString(1, name);
                insert.setString(2, EnumColumns.toColumn(role));
                insert.setBytes(3, hash(plainText));
                insert.setString(4, actor);
                ResultSet row = insert.executeQuery();
                if (!row.next()) {
                    throw new StoreException.Conflict("a token named '" + name + "' already exists");
                }
                return map(row);
            }
        });
        return new IssuedToken(token, plainText);
    }

    /** The live token matching {@code plainText}, recording its use; empty for unknown or revoked tokens. */
    public Optional<ApiToken> authenticate(String plainText) {
        if (plainText == null || !plainText.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return transactor.inTransaction(connection -> {
            // Every API request authenticates: a lost last-use time after a crash is harmless, a flush per request
            // is not. Revocations and issues stay synchronous.
            try (java.sql.Statement relaxed = connection.createStatement()) {
                relaxed.execute("set local synchronous_commit = off");
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    update api_tokens set last_used_at = now() where token_sha256 = ? and revoked_at is null
                    returning\s""" + TOKEN_COLUMNS)) {
                update.setBytes(1, hash(plainText));
                ResultSet row = update.executeQuery();
                return row.next() ? Optional.of(map(row)) : Optional.empty();
            }
        });
    }

    public List<ApiToken> list() {
        return transactor.inTransaction(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("select " + TOKEN_COLUMNS + " from api_tokens order by name")) {
                ResultSet rows = select.executeQuery();
                List<ApiToken> tokens = new ArrayList<>();
                while (rows.next()) {
                    tokens.add(map(rows));
                }
                return tokens;
            }
        });
    }

    /** Revokes the token for good; it stays listed so the audit trail keeps its name. */
    public void revoke(String name) {
        transactor.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update api_tokens set revoked_at = coalesce(revoked_at, now()) where name = ?")) {
                update.setString(1, name);
                if (update.executeUpdate() == 0) {
                    throw new StoreException.NotFound("no token named '" + name + "'");
                }
            }
            return null;
        });
    }

    private static byte[] hash(String plainText) {
        return Sha256.digest(plainText.getBytes(StandardCharsets.UTF_8));
    }

    private static ApiToken map(ResultSet row) throws SQLException {
        return new ApiToken(
                row.getString(1),
                EnumColumns.fromColumn(Role.class, row.getString(2)),
                row.getTimestamp(3).toInstant(),
                row.getString(4),
                instant(row.getTimestamp(5)),
                instant(row.getTimestamp(6)));
    }

    private static Optional<java.time.Instant> instant(Timestamp timestamp) {
        return Optional.ofNullable(timestamp).map(Timestamp::toInstant);
    }
}
