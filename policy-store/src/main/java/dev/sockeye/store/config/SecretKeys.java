package dev.sockeye.store.config;

import dev.sockeye.store.errors.StoreException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AES-256 keys secrets are encrypted with. Every stored value records the id of its key, so a new key
 * can be made active while old values stay readable until {@code SecretStore.reencryptAll} moves them.
 *
 * @param activeKeyId id of the key that encrypts new values
 * @param keysById    32-byte keys by id (ids are short names such as {@code 2026-11})
 */
public record SecretKeys(String activeKeyId, Map<String, byte[]> keysById) {

    private static final int AES_256_KEY_BYTES = 32;

    public SecretKeys {
        keysById = Map.copyOf(keysById);
        if (!keysById.containsKey(activeKeyId)) {
            throw new StoreException.Invalid(
                    "active secret key id " + activeKeyId + " is not among the keys " + keysById.keySet());
        }
        keysById.forEach((id, key) -> {
            if (key.length != AES_256_KEY_BYTES) {
                throw new StoreException.Invalid("secret key " + id + " must be 32 bytes (AES-256), was " + key.length);
            }
        });
    }

    /** Parses {@code id=base64key} pairs, e.g. from configuration; the first pair becomes active. */
    public static SecretKeys parse(String activeKeyId, Map<String, String> base64KeysById) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        base64KeysById.forEach((id, base64) -> {
            try {
                keys.put(id, Base64.getDecoder().decode(base64.trim()));
            } catch (IllegalArgumentException e) {
                throw new StoreException.Invalid("secret key " + id + " is not valid base64");
            }
        });
        return new SecretKeys(activeKeyId, keys);
    }

    public byte[] key(String keyId) {
        byte[] key = keysById.get(keyId);
        if (key == null) {
            throw new StoreException.Invalid("secret was encrypted with key " + keyId
                    + " which is not configured; configured keys are " + keysById.keySet());
        }
        return key;
    }

    @Override
    public String toString() {
        return "SecretKeys[activeKeyId=" + activeKeyId + ", keyIds=" + keysById.keySet() + "]";
    }
}
