package dev.sockeye.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sockeye.cli.api.ApiClient;
import dev.sockeye.cli.api.ApiClient.Part;
import dev.sockeye.cli.api.ApiProblem;
import dev.sockeye.cli.manifest.Manifest;
import dev.sockeye.cli.output.ProgressBar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Carries out a {@link Manifest}: creates or updates the function (description, routes, limits, visibility), sets
 * its egress rules, uploads the version (module, files zip, args, env) activated, then waits until the trigger
 * serves that version. Progress goes to {@code progress} one line per step.
 */
public final class Deployer {

    static final Duration SERVE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final ApiClient api;
    private final ObjectMapper json;
    private final PrintStream progress;
    private final boolean terminal;

    /** {@code terminal}: whether {@code progress} is a terminal, where the upload draws a bar. */
    public Deployer(ApiClient api, ObjectMapper json, PrintStream progress, boolean terminal) {
        this.api = api;
        this.json = json;
        this.progress = progress;
        this.terminal = terminal;
    }

    /** What a deploy did: the function after it, the active version and the URL its trigger answers on. */
    public record Deployed(JsonNode function, JsonNode version, String url) {}

    public Deployed deploy(Manifest manifest) throws IOException, InterruptedException {
        byte[] module = Files.readAllBytes(manifest.module());
        byte[] files = manifest.files() == null ? null : zip(manifest.files());
        String path = "/api/v1/functions/" + ApiClient.query(manifest.name());

        JsonNode function = createOrUpdate(manifest, path);
        if (manifest.egress() != null || manifest.egressMode() != null) {
            JsonNode current = api.get(path + "/egress");
            Map<String, Object> replace = new LinkedHashMap<>();
            replace.put(
                    "rules",
                    manifest.egress() != null
                            ? manifest.egress()
                            : json.convertValue(current.get("rules"), List.class));
            replace.put(
                    "mode",
                    manifest.egressMode() != null
                            ? manifest.egressMode()
                            : current.get("mode").asText());
            replace.put("revision", current.get("revision").asLong());
            JsonNode policy = api.put(path + "/egress", replace);
            progress.println("egress: " + policy.get("rules").size() + " rule(s), mode "
                    + policy.get("mode").asText() + ", revision "
                    + policy.get("revision").asLong());
        }

        List<Part> parts = new ArrayList<>();
        parts.add(Part.file("module", manifest.module().getFileName().toString(), "application/wasm", module));
        if (files != null) {
            parts.add(Part.file("files", "files.zip", "application/zip", files));
        }
        parts.add(Part.text("args", json.writeValueAsString(manifest.args())));
        parts.add(Part.text("env", json.writeValueAsString(manifest.env())));
        parts.add(Part.text("activate", "true"));
        progress.println("uploading " + manifest.module().getFileName() + " (" + module.length + " bytes"
                + (files == null ? "" : ", files " + files.length + " bytes zipped") + ")");
        JsonNode version =
                api.postMultipart(path + "/versions", parts, new ProgressBar(progress, "uploaded", terminal)::update);
        int number = version.get("number").asInt();
        progress.println("version " + number + " active; waiting for the trigger to serve it");
        awaitServed(path, number);
        function = api.get(path);
        return new Deployed(function, version, triggerUrl(function));
    }

    private JsonNode createOrUpdate(Manifest manifest, String path) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (manifest.description() != null) {
            fields.put("description", manifest.description());
        }
        if (manifest.routes() != null) {
            fields.put("routes", manifest.routes());
        }
        if (!manifest.limits().isEmpty()) {
            fields.put("limits", manifest.limits());
        }
        if (manifest.visibility() != null) {
            fields.put("visibility", manifest.visibility());
        }
        try {
            api.get(path);
        } catch (ApiProblem problem) {
            if (problem.status() != 404) {
                throw problem;
            }
            Map<String, Object> create = new LinkedHashMap<>();
            create.put("name", manifest.name());
            create.putAll(fields);
            progress.println("creating function " + manifest.name());
            return api.post("/api/v1/functions", create);
        }
        if (fields.isEmpty()) {
            return api.get(path);
        }
        progress.println("updating function " + manifest.name());
        return api.patch(path, fields);
    }

    /** Polls what the platform's trigger serves until it is {@code number}; the API answers before it may. */
    private void awaitServed(String path, int number) throws InterruptedException {
        long deadline = System.nanoTime() + SERVE_TIMEOUT.toNanos();
        while (true) {
            JsonNode trigger = api.get(path + "/trigger");
            JsonNode served = trigger.get("servedVersion");
            if (served != null && served.isInt() && served.asInt() == number) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ApiProblem(
                        504,
                        "version " + number + " is active but the trigger still serves "
                                + (served == null || served.isNull() ? "nothing" : "version " + served.asInt())
                                + " after " + SERVE_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(POLL_INTERVAL);
        }
    }

    private String triggerUrl(JsonNode function) {
        JsonNode routes = function.path("routes");
        String route = routes.isArray() && !routes.isEmpty()
                ? routes.get(0).asText()
                : "/fn/" + function.get("name").asText();
        // A route pattern like /api-ish/{rest...} is shown as written; the user fills it in.
        return api.resolve(route).toString();
    }

    /** The files directory as a zip of its regular files, paths relative to it (what the API's files part takes). */
    static byte[] zip(Path directory) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes);
                Stream<Path> walk = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                zip.putNextEntry(
                        new ZipEntry(directory.relativize(file).toString().replace('\\', '/')));
                try {
                    Files.copy(file, zip);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
                }
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
