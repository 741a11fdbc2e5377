package dev.sockeye.api;

import static dev.sockeye.api.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.sockeye.api.testing.Api;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FunctionsApiTest {

    @Inject
    PolicyStore store;

    String developer;

    @BeforeEach
    void tokens() {
        developer = Api.token(store, Role.DEVELOPER);
    }

    @Test
    void createdFunctionIsListedWithNoActiveVersionAndZeroCounts() {
        String name = Api.unique("hello");
        as(developer)
                .body("""
                {"name": "%s", "description": "says hello", "routes": ["/%s"], "limits": {"timeoutMs": 5000},
                 "visibility": "public"}""".formatted(name, name))
                .post("/api/v1/functions")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/functions/" + name))
                .body("name", equalTo(name))
                .body("limits.timeoutMs", equalTo(5000))
                .body("limits.memoryPages", equalTo(256))
                .body("visibility", equalTo("public"));

        as(developer)
                .get("/api/v1/functions")
                .then()
                .statusCode(200)
                .body("name", hasItem(name))
                .body("find { it.name == '%s' }.activeVersion".formatted(name), nullValue())
                .body("find { it.name == '%s' }.invocations".formatted(name), equalTo(0))
                .body("find { it.name == '%s' }.denials".formatted(name), equalTo(0));
    }

    @Test
    void updateChangesOnlyTheGivenFields() {
        String name = Api.createFunction(developer, Api.unique("upd"));
        as(developer)
                .body("{\"description\": \"new\", \"limits\": {\"maxSockets\": 1}, \"visibility\": \"public\"}")
                .patch("/api/v1/functions/" + name)
                .then()
                .statusCode(200)
                .body("description", equalTo("new"))
                .body("limits.maxSockets", equalTo(1))
                .body("limits.timeoutMs", equalTo(10000))
                .body("visibility", equalTo("public"));
        as(developer)
                .body("{\"routes\": [\"/" + name + "/a\"]}")
                .patch("/api/v1/functions/" + name)
                .then()
                .statusCode(200)
                .body("routes", hasItem("/" + name + "/a"))
                .body("description", equalTo("new"));
    }

    @Test
    void deletedFunctionIsGone() {
        String name = Api.createFunction(developer, Api.unique("gone"));
        as(developer).delete("/api/v1/functions/" + name).then().statusCode(204);
        as(developer)
                .get("/api/v1/functions/" + name)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString(name));
    }

    @Test
    void badNameIsA400NamingTheRule() {
        as(developer)
                .body("{\"name\": \"Not_A_Label\"}")
                .post("/api/v1/functions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString("DNS label"));
    }

    @Test
    void badLimitIsA400NamingTheLimit() {
        as(developer)
                .body("{\"name\": \"%s\", \"limits\": {\"memoryPages\": 0}}".formatted(Api.unique("lim")))
                .post("/api/v1/functions")
                .then()
                .statusCode(400)
                .body("detail", containsString("memoryPages"));
    }

    @Test
    void aLimitAboveThePlatformsMaximumIsA400NamingTheMaximumOnCreateAndUpdate() {
        String name = Api.unique("ceiling");
        as(developer)
                .body("{\"name\": \"%s\", \"limits\": {\"timeoutMs\": 2147483647}}".formatted(name))
                .post("/api/v1/functions")
                .then()
                .statusCode(400)
                .body("field", equalTo("limits.timeoutMs"))
                .body("detail", containsString("maximum 300000 (sockeye.limits.max-timeout-ms)"));
        as(developer)
                .body("{\"name\": \"%s\"}".formatted(name))
                .post("/api/v1/functions")
                .then()
                .statusCode(201);
        as(developer)
                .body("{\"limits\": {\"maxSockets\": 100000}}")
                .patch("/api/v1/functions/" + name)
                .then()
                .statusCode(400)
                .body("field", equalTo("limits.maxSockets"))
                .body("detail", containsString("maximum 1024"));
        as(developer).get("/api/v1/functions/" + name).then().statusCode(200).body("limits.maxSockets", equalTo(4));
    }

    @Test
    void wrongJsonTypeIsA400NamingTheField() {
        as(developer)
                .body("{\"name\": \"x\", \"limits\": {\"timeoutMs\": \"soon\"}}")
                .post("/api/v1/functions")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("limits.timeoutMs"));
    }

    @Test
    void misspeltFieldIsA400NamingIt() {
        as(developer)
                .body("{\"name\": \"%s\", \"limts\": {}}".formatted(Api.unique("typo")))
                .post("/api/v1/functions")
                .then()
                .statusCode(400)
                .body("field", equalTo("limts"));
    }

    @Test
    void wrongContentTypeIsA415Problem() {
        io.restassured.RestAssured.given()
                .header("Authorization", "Bearer " + developer)
                .contentType("text/plain")
                .body("name=x")
                .post("/api/v1/functions")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void duplicateNameIsA409() {
        String name = Api.createFunction(developer, Api.unique("dup"));
        as(developer)
                .body("{\"name\": \"" + name + "\"}")
                .post("/api/v1/functions")
                .then()
                .statusCode(409)
                .body("detail", containsString("already exists"));
    }

    @Test
    void unknownFunctionIsA404() {
        as(developer)
                .get("/api/v1/functions/no-such-function")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("function 'no-such-function' does not exist"));
    }
}
