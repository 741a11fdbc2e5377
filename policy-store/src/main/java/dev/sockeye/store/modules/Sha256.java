package dev.sockeye.store.modules;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Content addresses: lower-case hex SHA-256. */
public final class Sha256 {

    private Sha256() {}

    public static String hex(byte[] content) {
        return HexFormat.of().formatHex(digest(content));
    }

    public static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
