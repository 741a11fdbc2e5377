package dev.sockeye.invoker.registry;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The active version of a function: which module it runs and with what.
 *
 * @param moduleSha256 lower-case hex SHA-256 of the module bytes: the key of the compile caches
 * @param moduleBytes loads the module's bytes; called only when the module is not compiled yet
 * @param args arguments after argv[0] (which is the function name)
 * @param env environment entries added to the CGI environment
 * @param secrets decrypted secrets, added to the environment after {@code env}
 * @param bundleDir a directory mounted read-only at {@link #BUNDLE_GUEST_PATH}, or null for none
 * @param number the version's number in the policy store (1, 2, ...), for audit rows; 0 when not stored
 */
public record ServedVersion(
        String moduleSha256,
        Supplier<byte[]> moduleBytes,
        List<String> args,
        Map<String, String> env,
        Map<String, String> secrets,
        Path bundleDir,
        int number) {

    /** Where the guest sees the version's file bundle. */
    public static final String BUNDLE_GUEST_PATH = "/bundle";

    public ServedVersion {
        Objects.requireNonNull(moduleSha256, "moduleSha256");
        if (!moduleSha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("moduleSha256 must be 64 lower-case hex digits: " + moduleSha256);
        }
        Objects.requireNonNull(moduleBytes, "moduleBytes");
        args = List.copyOf(args);
        env = Map.copyOf(env);
        secrets = Map.copyOf(secrets);
    }

    /** A version of in-memory module bytes with no args, env, secrets or bundle. */
    public static ServedVersion of(byte[] module) {
        byte[] copy = module.clone();
        return new ServedVersion(sha256(copy), () -> copy, List.of(), Map.of(), Map.of(), null, 0);
    }

    public ServedVersion withArgs(List<String> value) {
        return new ServedVersion(moduleSha256, moduleBytes, value, env, secrets, bundleDir, number);
    }

    public ServedVersion withEnv(Map<String, String> value) {
        return new ServedVersion(moduleSha256, moduleBytes, args, value, secrets, bundleDir, number);
    }

    public ServedVersion withSecrets(Map<String, String> value) {
        return new ServedVersion(moduleSha256, moduleBytes, args, env, value, bundleDir, number);
    }

    public ServedVersion withBundleDir(Path value) {
        return new ServedVersion(moduleSha256, moduleBytes, args, env, secrets, value, number);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
