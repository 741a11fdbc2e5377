package dev.sockeye.store.secrets;

import dev.sockeye.store.config.SecretKeys;
import dev.sockeye.store.errors.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh 96-bit nonce per value. The function and secret name are bound in as associated data,
 * so a ciphertext copied onto another row fails to decrypt instead of leaking under the wrong name.
 */
public final class SecretCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeys keys;
    private final SecureRandom random = new SecureRandom();

    public SecretCipher(SecretKeys keys) {
        this.keys = keys;
    }

    /** A value as stored: which key, the nonce, and ciphertext with its tag. */
    public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {}

    public Sealed encrypt(String functionName, String secretName, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        String keyId = keys.activeKeyId();
        byte[] ciphertext = run(
                Cipher.ENCRYPT_MODE,
                keyId,
                nonce,
                functionName,
                secretName,
                plaintext.getBytes(StandardCharsets.UTF_8));
        return new Sealed(keyId, nonce, ciphertext);
    }

    public String decrypt(String functionName, String secretName, Sealed sealed) {
        return new String(
                run(Cipher.DECRYPT_MODE, sealed.keyId(), sealed.nonce(), functionName, secretName, sealed.ciphertext()),
                StandardCharsets.UTF_8);
    }

    /** Whether {@code sealed} was made with a key other than the active one. */
    boolean needsReencryption(String keyId) {
        return !keys.activeKeyId().equals(keyId);
    }

    private byte[] run(int mode, String keyId, byte[] nonce, String functionName, String secretName, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(keys.key(keyId), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD((functionName + "/" + secretName).getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new StoreException.Invalid("secret " + secretName + " of function '" + functionName
                    + "' could not be " + (mode == Cipher.ENCRYPT_MODE ? "encrypted" : "decrypted")
                    + " with key " + keyId + " (wrong key or tampered value)");
        }
    }
}
