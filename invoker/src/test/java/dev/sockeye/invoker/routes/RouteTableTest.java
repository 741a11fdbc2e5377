package dev.sockeye.invoker.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private final RouteTable table = RouteTable.empty()
            .add("users", List.of("/api/users", "/users/:id"))
            .add("api", List.of("/api/..."))
            .add("v2", List.of("/api/v2/..."))
            .add("hello", List.of("/fn/hello/..."));

    @Test
    void exactBeatsPrefix() {
        assertThat(table.match("/api/users").functionName()).isEqualTo("users");
        assertThat(table.match("/api/users/7").functionName()).isEqualTo("api");
    }

    @Test
    void longestPrefixWins() {
        var match = table.match("/api/v2/things/1");
        assertThat(match.functionName()).isEqualTo("v2");
        assertThat(match.scriptName()).isEqualTo("/api/v2");
        assertThat(match.pathInfo()).isEqualTo("/things/1");
        assertThat(table.match("/api/v3").functionName()).isEqualTo("api");
    }

    @Test
    void prefixRouteClaimsItsOwnPathWithEmptyPathInfo() {
        var match = table.match("/fn/hello");
        assertThat(match.functionName()).isEqualTo("hello");
        assertThat(match.scriptName()).isEqualTo("/fn/hello");
        assertThat(match.pathInfo()).isEmpty();
    }

    @Test
    void prefixDoesNotMatchAPathThatOnlySharesLetters() {
        assertThat(table.match("/apix")).isNull();
        assertThat(table.match("/fn/hellothere")).isNull();
    }

    @Test
    void parametersAreBoundByName() {
        var match = table.match("/users/42");
        assertThat(match.functionName()).isEqualTo("users");
        assertThat(match.params()).isEqualTo(Map.of("id", "42"));
        assertThat(table.match("/users/42/posts")).isNull();
    }

    @Test
    void parameterisedBeatsPrefixButNotExact() {
        var withCatchAll = table.add("all", List.of("/..."));
        assertThat(withCatchAll.match("/users/42").functionName()).isEqualTo("users");
        assertThat(withCatchAll.match("/elsewhere").functionName()).isEqualTo("all");
        var withExact = table.add("me", List.of("/users/me"));
        assertThat(withExact.match("/users/me").functionName()).isEqualTo("me");
        assertThat(withExact.match("/users/you").functionName()).isEqualTo("users");
    }

    @Test
    void sameExactRouteOfAnotherFunctionIsRejectedWhenSet() {
        assertThatThrownBy(() -> table.add("other", List.of("/api/users")))
                .isInstanceOf(RouteConflictException.class)
                .hasMessage("route /api/users of function other conflicts with route /api/users of function users");
    }

    @Test
    void samePrefixOfAnotherFunctionIsRejected() {
        assertThatThrownBy(() -> table.add("other", List.of("/api/v2/...")))
                .isInstanceOf(RouteConflictException.class)
                .hasMessageContaining("/api/v2/... of function v2");
    }

    @Test
    void overlappingParameterisedRoutesAreRejected() {
        assertThatThrownBy(() -> table.add("other", List.of("/:kind/7")))
                .isInstanceOf(RouteConflictException.class)
                .hasMessageContaining("/users/:id of function users");
        // Different lengths cannot claim the same path.
        assertThat(table.add("other", List.of("/users/:id/posts"))
                        .match("/users/1/posts")
                        .functionName())
                .isEqualTo("other");
    }

    @Test
    void redeployingAFunctionReplacesItsOwnRoutes() {
        var moved = table.add("users", List.of("/people/:id"));
        assertThat(moved.match("/people/1").functionName()).isEqualTo("users");
        assertThat(moved.match("/users/1")).isNull();
        assertThat(moved.match("/api/users").functionName()).isEqualTo("api");
    }

    @Test
    void malformedRoutesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> table.add("bad", List.of("api")))
                .isInstanceOf(RouteConflictException.class)
                .hasMessage("function bad: route must start with '/': api");
        assertThatThrownBy(() -> table.add("bad", List.of("/a/.../b")))
                .hasMessageContaining("'...' may only end a route");
        assertThatThrownBy(() -> table.add("bad", List.of("/a/:id/...")))
                .hasMessageContaining("a prefix route cannot carry parameters");
    }

    @Test
    void removeDropsOnlyThatFunctionsRoutes() {
        var without = table.remove("v2");
        assertThat(without.match("/api/v2/x").functionName()).isEqualTo("api");
        assertThat(without.routesOf("users")).containsExactly("/api/users", "/users/:id");
    }
}
