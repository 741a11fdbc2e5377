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
 * its egress rules, uploads the version (module, files zip, args, env) activated, then waits until every live
 * invoker (by the invokers' heartbeats, {@code GET /api/v1/functions/{name}/invokers}) serves that version and
 * policy revision: embedded or standalone ({@code sockeye.invoker.embedded=false}) alike. Progress goes to
 * {@code progress} one line per step.
 */
public final class Deployer {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final ApiClient api;
    private final ObjectMapper json;
    private final PrintStream progress;
    private final boolean terminal;
    private final Duration serveTimeout;

    /**
     * {@code terminal}: whether {@code progress} is a terminal, where the upload draws a bar; {@code serveTimeout}:
     * how long to wait for the invokers to serve the new version.
     */
    public Deployer(ApiClient api, ObjectMapper json, PrintStream progress, boolean terminal, Duration serveTimeout) {
        this.api = api;
        this.json = json;
        this.progress = progress;
        this.terminal = terminal;
        this.serveTimeout = serveTimeout;
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
        progress.println("version " + number + " active; waiting for every live invoker to serve it");
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

    /**
     * Polls the invokers' heartbeats until every live, ready invoker serves {@code number} and the current policy
     * revision, and at least one does; the API answers the activation before other processes follow it.
     */
    private void awaitServed(String path, int number) throws InterruptedException {
        long deadline = System.nanoTime() + serveTimeout.toNanos();
        while (true) {
            JsonNode state = api.get(path + "/invokers");
            boolean someServe = false;
            for (JsonNode invoker : state.path("invokers")) {
                someServe |= invoker.path("current").asBoolean()
                        && !invoker.path("stale").asBoolean();
            }
            if (state.path("activeVersion").asInt() == number
                    && state.path("allCurrent").asBoolean()
                    && someServe) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ApiProblem(504, notServedYet(state, number));
            }
            Thread.sleep(POLL_INTERVAL);
        }
    }

    /** One line: which invokers lag and what they serve, or that none is live. */
    private String notServedYet(JsonNode state, int number) {
        String after = " after " + serveTimeout.toSeconds() + " s";
        if (state.path("activeVersion").asInt() != number) {
            return "version " + number + " is no longer active (version "
                    + state.path("activeVersion").asText() + " is)" + after;
        }
        java.util.Set<String> laggingIds = new java.util.HashSet<>();
        state.path("lagging").forEach(id -> laggingIds.add(id.asText()));
        List<String> lagging = new ArrayList<>();
        for (JsonNode invoker : state.path("invokers")) {
            String id = invoker.path("id").asText();
            if (laggingIds.contains(id)) {
                JsonNode served = invoker.path("version");
                lagging.add(id + " ("
                        + (served.isNull() || served.isMissingNode()
                                ? "serves nothing"
                                : "serves version " + served.asInt() + ", policy revision "
                                        + invoker.path("policyRevision").asLong())
                        + ")");
            }
        }
        if (lagging.isEmpty()) {
            return "version " + number + " is active but no live invoker reported serving it" + after
                    + " (is an invoker running? GET /api/v1/invokers lists them)";
        }
        return "version " + number + " (policy revision "
                + state.path("policyRevision").asLong()
                + ") is active but " + lagging.size() + " invoker(s) still lag" + after + ": "
                + String.join(", ", lagging);
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
