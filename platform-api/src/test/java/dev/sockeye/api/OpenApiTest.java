package dev.sockeye.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockeye.api.testing.Api;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.tokens.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OpenApiTest {

    @Inject
    PolicyStore store;

    private static final Map<String, List<String>> ENDPOINTS = Map.ofEntries(
            Map.entry("/api/v1/functions", List.of("get", "post")),
            Map.entry("/api/v1/functions/{name}", List.of("get", "patch", "delete")),
            Map.entry("/api/v1/functions/{name}/versions", List.of("get", "post")),
            Map.entry("/api/v1/functions/{name}/versions/{number}", List.of("get")),
            Map.entry("/api/v1/functions/{name}/versions/{number}/activate", List.of("post")),
            Map.entry("/api/v1/functions/{name}/rollback", List.of("post")),
            Map.entry("/api/v1/functions/{name}/env", List.of("get")),
            Map.entry("/api/v1/functions/{name}/env/{variable}", List.of("put", "delete")),
            Map.entry("/api/v1/functions/{name}/secrets", List.of("get")),
            Map.entry("/api/v1/functions/{name}/secrets/{secret}", List.of("put", "delete")),
            Map.entry("/api/v1/functions/{name}/egress", List.of("get", "put")),
            Map.entry("/api/v1/functions/{name}/egress/rules", List.of("post", "delete")),
            Map.entry("/api/v1/functions/{name}/egress/mode", List.of("put")),
            Map.entry("/api/v1/functions/{name}/egress/allow", List.of("post")),
            Map.entry("/api/v1/functions/{name}/egress/history", List.of("get")),
            Map.entry("/api/v1/functions/{name}/egress:check", List.of("post")),
            Map.entry("/api/v1/functions/{name}/invocations", List.of("get")),
            Map.entry("/api/v1/functions/{name}/usage", List.of("get")),
            Map.entry("/api/v1/invocations/{id}", List.of("get")),
            Map.entry("/api/v1/activity", List.of("get")),
            Map.entry("/api/v1/invokers", List.of("get")),
            Map.entry("/api/v1/functions/{name}/invokers", List.of("get")),
            Map.entry("/api/v1/egress-events", List.of("get")),
            Map.entry("/api/v1/egress-events/stream", List.of("get")),
            Map.entry("/api/v1/tokens", List.of("get", "post")),
            Map.entry("/api/v1/tokens/{tokenName}", List.of("delete")));

    @Test
    void documentCoversEveryEndpointWithASummary() throws Exception {
        JsonNode paths = document().path("paths");
        ENDPOINTS.forEach((path, methods) -> methods.forEach(method -> assertThat(
                        paths.path(path).path(method).path("summary").asText())
                .as("%s %s", method.toUpperCase(), path)
                .isNotBlank()));
    }

    @Test
    void everyRequestBodyHasAnExample() throws Exception {
        JsonNode document = document();
        List<String> missing = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    JsonNode content = operation.getValue().path("requestBody").path("content");
                    content.properties().forEach(media -> {
                        if (!hasExample(document, media.getValue())) {
                            missing.add(operation.getKey() + " " + path.getKey() + " " + media.getKey());
                        }
                    });
                }));
        assertThat(missing).isEmpty();
    }

    @Test
    void everyOperationDocumentsItsProblemResponses() throws Exception {
        JsonNode document = document();
        assertThat(document.path("components")
                        .path("schemas")
                        .path("Problem")
                        .path("properties")
                        .has("detail"))
                .isTrue();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(operation -> assertThat(operation
                                        .getValue()
                                        .path("responses")
                                        .path("4XX")
                                        .path("content")
                                        .has("application/problem+json"))
                                .as("%s %s", operation.getKey(), path.getKey())
                                .isTrue()));
    }

    @Test
    void documentDeclaresBearerAuthentication() throws Exception {
        assertThat(document()
                        .path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("scheme")
                        .asText())
                .isEqualTo("bearer");
    }

    private static boolean hasExample(JsonNode document, JsonNode media) {
        if (media.has("example") || media.has("examples")) {
            return true;
        }
        JsonNode schema = media.path("schema");
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asText().substring("#/components/schemas/".length());
            schema = document.path("components").path("schemas").path(name);
        }
        if (schema.has("example")
                || schema.has("examples")
                || "binary".equals(schema.path("format").asText())) {
            return true;
        }
        // A multipart body: every part documented with an example, or a file.
        JsonNode properties = schema.path("properties");
        if (properties.isEmpty()) {
            return false;
        }
        for (var part : properties.properties()) {
            JsonNode partSchema = part.getValue();
            if (!partSchema.has("example")
                    && !partSchema.has("examples")
                    && !"binary".equals(partSchema.path("format").asText())
                    && !"boolean".equals(partSchema.path("type").asText())) {
                return false;
            }
        }
        return true;
    }

    private JsonNode document() throws Exception {
        String json = RestAssured.given()
                .header("Authorization", "Bearer " + Api.token(store, Role.VIEWER))
                .accept("application/json")
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return new ObjectMapper().readTree(json);
    }
}
