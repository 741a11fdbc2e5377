package dev.sockeye.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** The control plane's REST API as the admin ({@link LocalEnvironment#ADMIN_TOKEN}), plus unauthenticated GETs. */
final class ControlPlaneApi {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;

    ControlPlaneApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    String base() {
        return base;
    }

    HttpResponse<String> send(String method, String path, String contentType, Object body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + LocalEnvironment.ADMIN_TOKEN);
        HttpRequest.BodyPublisher publisher = switch (body) {
            case null -> HttpRequest.BodyPublishers.noBody();
            case byte[] bytes -> HttpRequest.BodyPublishers.ofByteArray(bytes);
            default -> HttpRequest.BodyPublishers.ofString(body.toString());
        };
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends and requires {@code expected}, failing with the answer otherwise. */
    String expect(int expected, String method, String path, String contentType, Object body)
            throws IOException, InterruptedException {
        var response = send(method, path, contentType, body);
        assertThat(response.statusCode())
                .as(method + " " + path + " answered " + response.body())
                .isEqualTo(expected);
        return response.body();
    }

    /** A public function on {@code route} whose first version, {@code guest} with {@code query}, is active. */
    void deploy(String name, String route, String guest, String query) throws IOException, InterruptedException {
        expect(
                201,
                "POST",
                "/api/v1/functions",
                "application/json",
                "{\"name\": \"" + name + "\", \"routes\": [\"" + route + "\"], \"visibility\": \"public\"}");
        expect(
                201,
                "POST",
                "/api/v1/functions/" + name + "/versions?activate=true" + query,
                "application/wasm",
                Files.readAllBytes(guest(guest)));
    }

    static Path guest(String name) {
        return RenderedChart.REPO.resolve("guests/bin").resolve(name);
    }

    static HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static int status(String uri) throws IOException, InterruptedException {
        return get(uri).statusCode();
    }
}
