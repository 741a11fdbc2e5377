package dev.sockeye.api.store;

import dev.sockeye.store.config.SecretKeys;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * The single-node default: one AES-256 key generated on first start and kept next to the embedded database
 * (readable by its owner only), so secrets survive restarts without any setup. Multi-node deployments configure
 * {@code sockeye.secrets.*} instead, identically on every node.
 */
final class GeneratedSecretKey {

    private static final String ACTIVE_KEY = "active-key";
    private static final String KEY_PREFIX = "key.";
    private static final int AES_256_KEY_BYTES = 32;

    private GeneratedSecretKey() {}

    static SecretKeys loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
            String activeKeyId = properties.getProperty(ACTIVE_KEY);
            String key = properties.getProperty(KEY_PREFIX + activeKeyId);
            if (activeKeyId == null || key == null) {
                throw new IllegalStateException(
                        file + " must hold " + ACTIVE_KEY + "=<id> and " + KEY_PREFIX + "<id>=<base64 key>");
            }
            return SecretKeys.parse(activeKeyId, Map.of(activeKeyId, key));
        } catch (IOException e) {
            throw new UncheckedIOException("secret key file " + file + " could not be read or created", e);
        }
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[AES_256_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Properties properties = new Properties();
        properties.setProperty(ACTIVE_KEY, "generated-1");
        properties.setProperty(KEY_PREFIX + "generated-1", Base64.getEncoder().encodeToString(key));
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        try {
            Files.createFile(
                    temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(temporary);
        }
        try (Writer writer = Files.newBufferedWriter(temporary)) {
            properties.store(writer, "Sockeye single-node secret key; losing it makes stored secrets unreadable");
        }
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
