package dev.sockeye.store.versions;

import static dev.sockeye.store.Fixtures.ACTOR;
import static dev.sockeye.store.Fixtures.createFunction;
import static dev.sockeye.store.Fixtures.wasmImporting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.store.Sql;
import dev.sockeye.store.StoreTest;
import dev.sockeye.store.errors.StoreException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VersionStoreTest extends StoreTest {

    private VersionStore versions;
    private String moduleSha256;

    @BeforeEach
    void prepare() {
        versions = store.versions();
        createFunction(store, "hello");
        moduleSha256 = store.modules().upload(wasmImporting("env", "f"), ACTOR).sha256();
    }

    @Test
    void versionsAreNumberedOneTwoThreePerFunction() {
        createFunction(store, "other");

        assertThat(create("hello").number()).isEqualTo(1);
        assertThat(create("hello").number()).isEqualTo(2);
        assertThat(create("other").number()).isEqualTo(1);
        assertThat(create("hello").number()).isEqualTo(3);
        assertThat(versions.list("hello")).extracting(FunctionVersion::number).containsExactly(3, 2, 1);
    }

    @Test
    void versionKeepsArgsEnvFilesAndAuthor() {
        String bundle = store.fileBundles().upload("tar bytes".getBytes(), ACTOR);

        FunctionVersion created = versions.create(
                "hello",
                new VersionSpec(
                        moduleSha256,
                        List.of("--port", "80"),
                        Map.of("GREETING", "hi=there", "LANG", "C"),
                        Optional.of(bundle)),
                ACTOR);

        FunctionVersion read = versions.get("hello", created.number());
        assertThat(read).isEqualTo(created);
        assertThat(read.args()).containsExactly("--port", "80");
        assertThat(read.env()).containsExactly(Map.entry("GREETING", "hi=there"), Map.entry("LANG", "C"));
        assertThat(read.fileBundleSha256()).hasValue(bundle);
        assertThat(read.createdBy()).isEqualTo(ACTOR);
        assertThat(store.fileBundles().content(bundle)).isEqualTo("tar bytes".getBytes());
    }

    @Test
    void aVersionCannotBeChangedOnceCreated() {
        create("hello");

        assertThatThrownBy(() -> Sql.execute(store.database().pooled(), "update versions set args = '{}'"))
                .hasMessageContaining("immutable");
    }

    @Test
    void versionOfAnUnknownModuleIsNotFound() {
        assertThatThrownBy(() -> versions.create(
                        "hello", new VersionSpec("a".repeat(64), List.of(), Map.of(), Optional.empty()), ACTOR))
                .isInstanceOf(StoreException.NotFound.class)
                .hasMessageContaining("upload it first");
    }

    @Test
    void environmentNameWithADashIsInvalid() {
        assertThatThrownBy(() -> new VersionSpec(moduleSha256, List.of(), Map.of("MY-VAR", "x"), Optional.empty()))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("MY-VAR");
    }

    @Test
    void missingVersionIsNotFound() {
        assertThatThrownBy(() -> versions.get("hello", 9))
                .isInstanceOf(StoreException.NotFound.class)
                .hasMessageContaining("no version 9");
    }

    private FunctionVersion create(String function) {
        return versions.create(function, new VersionSpec(moduleSha256, List.of(), Map.of(), Optional.empty()), ACTOR);
    }
}
