package dev.sockeye.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The platform's REST API (docs/api.md) over {@link HttpClient}: JSON in and out, every error status turned into
 * an {@link ApiProblem} carrying the problem's detail, no answer at all into {@link PlatformUnreachable}.
 */
public final class ApiClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(5);
    private static final String JSON = "application/json";
    /** Small enough for a progress bar to move on a module of a few hundred KiB. */
    private static final int UPLOAD_CHUNK_BYTES = 16 * 1024;

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final ObjectMapper json;

    public ApiClient(URI base, String token, ObjectMapper json) {
        this.base = base;
        this.token = token;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI base() {
        return base;
    }

    public JsonNode get(String path) {
        return send(request(path).GET());
    }

    public JsonNode delete(String path) {
        return send(request(path).DELETE());
    }

    public JsonNode post(String path, Object body) {
        return send(request(path).header("Content-Type", JSON).POST(jsonBody(body)));
    }

    public JsonNode put(String path, Object body) {
        return send(request(path).header("Content-Type", JSON).PUT(jsonBody(body)));
    }

    public JsonNode patch(String path, Object body) {
        return send(request(path).header("Content-Type", JSON).method("PATCH", jsonBody(body)));
    }

    /**
     * A multipart/form-data POST: each part is a {@link Part}, files with a file name. {@code progress} is told the
     * bytes of the body handed to the connection so far, after each chunk.
     */
    public JsonNode postMultipart(String path, List<Part> parts, Progress progress) {
        String boundary = "sockeye-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            StringBuilder head = new StringBuilder("--" + boundary + "\r\n");
            head.append("Content-Disposition: form-data; name=\"")
                    .append(part.name())
                    .append('"');
            if (part.fileName() != null) {
                head.append("; filename=\"").append(part.fileName()).append('"');
            }
            head.append("\r\nContent-Type: ").append(part.contentType()).append("\r\n\r\n");
            body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(path)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(counted(body.toByteArray(), progress)));
    }

    /** The body in chunks, counting each as the client takes it; the length stays known (no chunked encoding). */
    private static HttpRequest.BodyPublisher counted(byte[] body, Progress progress) {
        Iterable<byte[]> chunks = () -> new Iterator<>() {
            private int sent;

            @Override
            public boolean hasNext() {
                return sent < body.length;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int end = Math.min(body.length, sent + UPLOAD_CHUNK_BYTES);
                byte[] chunk = Arrays.copyOfRange(body, sent, end);
                sent = end;
                progress.sent(sent, body.length);
                return chunk;
            }
        };
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArrays(chunks), body.length);
    }

    /** A raw request to any URL of the platform (a trigger): the response is returned whatever its status. */
    public HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for " + base);
        }
    }

    /**
     * Follows a server-sent event stream: each event's data, parsed as JSON, goes to {@code events} until the
     * platform ends the stream or the thread is interrupted ({@link CancellationException}). Opening it checks the
     * status like any other request, so a refused stream is an {@link ApiProblem}.
     */
    public void stream(String path, Consumer<JsonNode> events) {
        HttpRequest request = HttpRequest.newBuilder(resolve(path))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            throw new CancellationException("interrupted");
        }
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() >= 400) {
                throw problem(
                        response.statusCode(),
                        lines.lines().collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8));
            }
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n")
                            .append(line.substring(5).stripLeading());
                } else if (line.isEmpty() && !data.isEmpty()) {
                    events.accept(json.readTree(data.toString()));
                    data.setLength(0);
                }
            }
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                throw new CancellationException("interrupted");
            }
            throw new PlatformUnreachable(base.toString(), "the event stream broke off: " + e.getMessage());
        }
    }

    /** The platform's URL for {@code path} (which starts with '/'). */
    public URI resolve(String path) {
        String root = base.toString().endsWith("/")
                ? base.toString().substring(0, base.toString().length() - 1)
                : base.toString();
        return URI.create(root + path);
    }

    public String token() {
        return token;
    }

    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(resolve(path)).timeout(REQUEST_TIMEOUT).header("Accept", JSON);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpRequest.BodyPublisher jsonBody(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpResponse<byte[]> response = exchange(builder.build());
        byte[] body = response.body();
        if (response.statusCode() >= 400) {
            throw problem(response.statusCode(), body);
        }
        if (body.length == 0) {
            return json.nullNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new ApiProblem(
                    response.statusCode(),
                    "the platform answered " + response.statusCode() + " with a body that is not JSON");
        }
    }

    private ApiProblem problem(int status, byte[] body) {
        try {
            JsonNode problem = json.readTree(body);
            if (problem != null && problem.isObject()) {
                String detail = text(problem, "detail");
                if (detail == null) {
                    detail = text(problem, "title");
                }
                if (detail != null) {
                    return new ApiProblem(status, detail.replace('\n', ' '));
                }
            }
        } catch (IOException notJson) {
            // not a problem document: fall through to the status line
        }
        return new ApiProblem(status, "the platform answered HTTP " + status);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private PlatformUnreachable unreachable(IOException e) {
        String reason;
        if (e instanceof ConnectException) {
            reason = e.getCause() instanceof UnresolvedAddressException ? "unknown host" : "connection refused";
        } else if (e instanceof HttpConnectTimeoutException) {
            reason = "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s";
        } else if (e instanceof HttpTimeoutException) {
            reason = "timed out";
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new PlatformUnreachable(base.toString(), reason);
    }

    /** Told how much of a request body the connection has taken. */
    @FunctionalInterface
    public interface Progress {
        void sent(long bytes, long totalBytes);
    }

    /** One part of a multipart body. */
    public record Part(String name, String fileName, String contentType, byte[] content) {

        public static Part text(String name, String value) {
            return new Part(name, null, "text/plain; charset=utf-8", value.getBytes(StandardCharsets.UTF_8));
        }

        public static Part file(String name, String fileName, String contentType, byte[] content) {
            return new Part(name, fileName, contentType, content);
        }
    }

    /** Query parameters, each encoded. */
    public static String queryString(Map<String, String> parameters) {
        StringBuilder out = new StringBuilder();
        parameters.forEach((key, value) -> out.append(out.isEmpty() ? '?' : '&')
                .append(query(key))
                .append('=')
                .append(query(value)));
        return out.toString();
    }
}
