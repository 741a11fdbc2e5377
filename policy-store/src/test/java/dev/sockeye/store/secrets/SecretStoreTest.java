package dev.sockeye.store.secrets;

import static dev.sockeye.store.Fixtures.ACTOR;
import static dev.sockeye.store.Fixtures.createFunction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.store.Fixtures;
import dev.sockeye.store.Sql;
import dev.sockeye.store.StoreTest;
import dev.sockeye.store.TestPostgres;
import dev.sockeye.store.config.SecretKeys;
import dev.sockeye.store.database.Transactor;
import dev.sockeye.store.deployment.DeploymentReader;
import dev.sockeye.store.errors.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SecretStoreTest extends StoreTest {

    private static final String PLAIN = "correct-horse-battery-staple";

    private SecretStore secrets;

    @BeforeEach
    void prepare() {
        secrets = store.secrets();
        createFunction(store, "hello");
        Fixtures.deploy(store, "hello", Map.of());
    }

    @Test
    void storedBytesDoNotContainThePlainValue() {
        secrets.put("hello", "DB_PASSWORD", PLAIN, ACTOR);

        byte[] stored = Sql.queryBytes(store, "select ciphertext from secrets where name = 'DB_PASSWORD'");
        String wholeRow = Sql.queryString(store, "select s::text from secrets s");

        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(PLAIN);
        assertThat(wholeRow).doesNotContain(PLAIN);
    }

    @Test
    void apiListingShowsNamesAndKeyIdsButNoValues() {
        secrets.put("hello", "DB_PASSWORD", PLAIN, ACTOR);

        assertThat(secrets.list("hello")).singleElement().satisfies(secret -> {
            assertThat(secret.name()).isEqualTo("DB_PASSWORD");
            assertThat(secret.keyId()).isEqualTo("k1");
            assertThat(secret.updatedBy()).isEqualTo(ACTOR);
            assertThat(secret.toString()).doesNotContain(PLAIN);
        });
    }

    @Test
    void invokerGetsThePlainValue() {
        secrets.put("hello", "DB_PASSWORD", PLAIN, ACTOR);

        assertThat(store.deployments().load("hello").orElseThrow().secrets())
                .containsExactly(Map.entry("DB_PASSWORD", PLAIN));
    }

    @Test
    void settingASecretAgainReplacesItAndDeleteRemovesIt() {
        secrets.put("hello", "TOKEN", "one", ACTOR);
        secrets.put("hello", "TOKEN", "two", ACTOR);
        assertThat(store.deployments().load("hello").orElseThrow().secrets()).containsEntry("TOKEN", "two");

        secrets.delete("hello", "TOKEN");

        assertThat(secrets.list("hello")).isEmpty();
        assertThatThrownBy(() -> secrets.delete("hello", "TOKEN"))
                .isInstanceOf(StoreException.NotFound.class)
                .hasMessageContaining("no secret TOKEN");
    }

    @Test
    void rotationReEncryptsEveryValueUnderTheNewKey() {
        secrets.put("hello", "DB_PASSWORD", PLAIN, ACTOR);
        secrets.put("hello", "API_KEY", "abc", ACTOR);
        byte[] before = Sql.queryBytes(store, "select ciphertext from secrets where name = 'DB_PASSWORD'");
        SecretKeys rotated = new SecretKeys("k2", Map.of("k1", TestPostgres.key(1), "k2", TestPostgres.key(2)));
        var transactor = new Transactor(store.database().pooled());

        int reencrypted = new SecretStore(transactor, new SecretCipher(rotated)).reencryptAll();

        assertThat(reencrypted).isEqualTo(2);
        assertThat(secrets.list("hello")).extracting(SecretInfo::keyId).containsOnly("k2");
        assertThat(Sql.queryBytes(store, "select ciphertext from secrets where name = 'DB_PASSWORD'"))
                .isNotEqualTo(before);
        SecretKeys onlyNewKey = new SecretKeys("k2", Map.of("k2", TestPostgres.key(2)));
        assertThat(new DeploymentReader(transactor, new SecretCipher(onlyNewKey))
                        .load("hello")
                        .orElseThrow()
                        .secrets())
                .containsEntry("DB_PASSWORD", PLAIN)
                .containsEntry("API_KEY", "abc");
    }

    @Test
    void valueEncryptedWithAKeyNoLongerConfiguredIsReportedByKeyId() {
        secrets.put("hello", "DB_PASSWORD", PLAIN, ACTOR);
        SecretKeys withoutK1 = new SecretKeys("k2", Map.of("k2", TestPostgres.key(2)));

        var reader = new DeploymentReader(new Transactor(store.database().pooled()), new SecretCipher(withoutK1));

        assertThatThrownBy(() -> reader.load("hello"))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("key k1 which is not configured");
    }

    @Test
    void ciphertextMovedToAnotherSecretFailsToDecrypt() {
        secrets.put("hello", "A", "value-a", ACTOR);
        secrets.put("hello", "B", "value-b", ACTOR);
        Sql.execute(store.database().pooled(), """
                update secrets set nonce = a.nonce, ciphertext = a.ciphertext
                from (select nonce, ciphertext from secrets where name = 'A') a where secrets.name = 'B'""");

        assertThatThrownBy(() -> store.deployments().load("hello"))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("secret B of function 'hello' could not be decrypted");
    }

    @Test
    void secretNameMustBeAnEnvironmentVariableName() {
        assertThatThrownBy(() -> secrets.put("hello", "my-secret", "x", ACTOR))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("secret name must match");
    }

    @Test
    void keyOfTheWrongLengthIsRejectedAtConfiguration() {
        assertThatThrownBy(() -> new SecretKeys("short", Map.of("short", new byte[16])))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("must be 32 bytes");
        assertThatThrownBy(() -> new SecretKeys("missing", Map.of("k1", TestPostgres.key(1))))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("active secret key id missing");
    }
}
