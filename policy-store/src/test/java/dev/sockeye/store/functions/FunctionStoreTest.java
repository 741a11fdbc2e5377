package dev.sockeye.store.functions;

import static dev.sockeye.store.Fixtures.createFunction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockeye.store.Fixtures;
import dev.sockeye.store.StoreTest;
import dev.sockeye.store.errors.StoreException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FunctionStoreTest extends StoreTest {

    private FunctionStore functions;

    @BeforeEach
    void prepare() {
        functions = store.functions();
    }

    @Test
    void createdFunctionHasItsSettingsAndNoActiveVersion() {
        createFunction(store, "hello", "/hello", "/hi");

        FunctionDefinition hello = functions.get("hello");

        assertThat(hello.name()).isEqualTo("hello");
        assertThat(hello.routes()).containsExactly("/hello", "/hi");
        assertThat(hello.limits()).isEqualTo(FunctionLimits.DEFAULTS);
        assertThat(hello.visibility()).isEqualTo(TriggerVisibility.PUBLIC);
        assertThat(hello.activeVersion()).isEmpty();
        assertThat(hello.createdAt()).isEqualTo(hello.updatedAt());
    }

    @Test
    void nameThatIsNotADnsLabelIsInvalid() {
        for (String bad : List.of("Hello", "-hello", "hello-", "hello_world", "", "a".repeat(64))) {
            assertThatThrownBy(() -> createFunction(store, bad))
                    .isInstanceOf(StoreException.Invalid.class)
                    .hasMessageContaining("DNS label");
        }
    }

    @Test
    void secondFunctionWithTheSameNameIsAConflict() {
        createFunction(store, "hello");

        assertThatThrownBy(() -> createFunction(store, "hello"))
                .isInstanceOf(StoreException.Conflict.class)
                .hasMessageContaining("'hello' already exists");
    }

    @Test
    void routeOwnedByAnotherFunctionIsAConflictNamingTheOwner() {
        createFunction(store, "first", "/shared");
        createFunction(store, "second", "/own");

        assertThatThrownBy(() -> functions.replaceRoutes("second", List.of("/own", "/shared")))
                .isInstanceOf(StoreException.Conflict.class)
                .hasMessageContaining("/shared already belongs to function 'first'");
        assertThat(functions.get("second").routes()).containsExactly("/own");
    }

    @Test
    void routeMustStartWithSlash() {
        assertThatThrownBy(() -> createFunction(store, "hello", "hello"))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("route must start with '/'");
    }

    @Test
    void limitsVisibilityAndDescriptionCanBeChanged() {
        createFunction(store, "hello");
        FunctionLimits tighter = new FunctionLimits(Duration.ofSeconds(2), 16, 1, 0, 1024, 2048, 0);

        functions.updateLimits("hello", tighter);
        functions.setVisibility("hello", TriggerVisibility.PRIVATE);
        functions.updateDescription("hello", "says hello");

        FunctionDefinition hello = functions.get("hello");
        assertThat(hello.limits()).isEqualTo(tighter);
        assertThat(hello.visibility()).isEqualTo(TriggerVisibility.PRIVATE);
        assertThat(hello.description()).isEqualTo("says hello");
    }

    @Test
    void limitOutOfRangeIsInvalidAndNamesTheLimit() {
        assertThatThrownBy(() -> new FunctionLimits(Duration.ofSeconds(1), 70_000, 1, 1, 1, 1, 1))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("memoryPages");
        assertThatThrownBy(() -> new FunctionLimits(Duration.ZERO, 1, 1, 1, 1, 1, 1))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("timeout");
    }

    @Test
    void activatingAVersionThatDoesNotExistIsNotFound() {
        createFunction(store, "hello");

        assertThatThrownBy(() -> functions.activate("hello", 3))
                .isInstanceOf(StoreException.NotFound.class)
                .hasMessageContaining("no version 3");
    }

    @Test
    void activatingAVersionMakesItActive() {
        createFunction(store, "hello");
        Fixtures.deploy(store, "hello", java.util.Map.of());

        assertThat(functions.get("hello").activeVersion()).hasValue(1);
    }

    @Test
    void deletedFunctionIsGoneWithItsRoutes() {
        createFunction(store, "hello", "/hello");
        functions.delete("hello");

        assertThat(functions.find("hello")).isEmpty();
        assertThat(functions.list()).isEmpty();
        createFunction(store, "again", "/hello");
        assertThat(functions.get("again").routes()).containsExactly("/hello");
    }

    @Test
    void writesToAMissingFunctionAreNotFound() {
        assertThatThrownBy(() -> functions.updateLimits("ghost", FunctionLimits.DEFAULTS))
                .isInstanceOf(StoreException.NotFound.class)
                .hasMessageContaining("function 'ghost' does not exist");
    }

    @Test
    void blankActorIsInvalid() {
        assertThatThrownBy(() -> functions.create(
                        new FunctionSpec("hello", "", FunctionLimits.DEFAULTS, List.of(), TriggerVisibility.PUBLIC),
                        " "))
                .isInstanceOf(StoreException.Invalid.class)
                .hasMessageContaining("actor");
    }

    @Test
    void listIsOrderedByName() {
        createFunction(store, "zeta");
        createFunction(store, "alpha");

        assertThat(functions.list()).extracting(FunctionDefinition::name).containsExactly("alpha", "zeta");
    }
}
