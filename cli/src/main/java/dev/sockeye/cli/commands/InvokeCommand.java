package dev.sockeye.cli.commands;

import dev.sockeye.cli.api.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "invoke",
        mixinStandardHelpOptions = true,
        description = "Call a function through its trigger (/fn/NAME) and print the body")
public final class InvokeCommand extends FunctionVerb {

    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    @Option(
            names = {"-d", "--data"},
            paramLabel = "DATA",
            description = "the body: text, @file, or - for stdin")
    String data;

    @Option(
            names = {"-X", "--method"},
            paramLabel = "METHOD",
            description = "default GET, or POST with --data")
    String method;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "K:V",
            description = "a request header (repeat)")
    List<String> headers = new ArrayList<>();

    @Option(names = "--path", paramLabel = "P", description = "path below /fn/NAME, e.g. /items?id=3")
    String path = "";

    @Option(
            names = {"-i", "--include"},
            description = "print the status line and headers before the body")
    boolean include;

    @Override
    public Integer call() throws IOException {
        ApiClient api = session().api();
        byte[] body = body();
        String verb = method != null ? method.toUpperCase(java.util.Locale.ROOT) : body != null ? "POST" : "GET";
        String suffix = path.isEmpty() || path.startsWith("/") || path.startsWith("?") ? path : "/" + path;
        URI target;
        try {
            target = api.resolve("/fn/" + ApiClient.query(name) + suffix);
        } catch (IllegalArgumentException e) {
            throw new UsageProblem("--path '" + path + "' is not a valid URL path");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + api.token())
                .method(
                        verb,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new UsageProblem("-H takes 'Name: value', was '" + header + "'");
            }
            String key = header.substring(0, colon).strip();
            if (RESTRICTED.contains(key.toLowerCase(java.util.Locale.ROOT))) {
                throw new UsageProblem("-H " + key + " is set by the CLI itself");
            }
            request.header(key, header.substring(colon + 1).strip());
        }
        HttpResponse<byte[]> response = api.exchange(request.build());
        var out = session().out();
        if (response.statusCode() == 404) {
            // The trigger's 404 does not say why; the API does when the function is missing (exit 1).
            api.get(functionPath());
        }
        if (json()) {
            session().printJson(asJson(response));
            return response.statusCode() >= 400 ? 1 : 0;
        }
        if (include) {
            out.println("HTTP " + response.statusCode());
            for (Map.Entry<String, List<String>> header :
                    response.headers().map().entrySet()) {
                if (header.getKey().startsWith(":")) {
                    continue;
                }
                header.getValue().forEach(value -> out.println(header.getKey() + ": " + value));
            }
            out.println();
        }
        byte[] answer = response.body();
        out.write(answer);
        if (session().environment().terminal() && answer.length > 0 && answer[answer.length - 1] != '\n') {
            out.println(); // keep the shell prompt on a line of its own
        }
        out.flush();
        if (response.statusCode() >= 400) {
            session().err().println("sockeye: " + name + " answered HTTP " + response.statusCode());
            return 1;
        }
        return 0;
    }

    /** {@code {"status", "headers": {name: [values]}, "body"}}; a body that is not UTF-8 text as {@code bodyBase64}. */
    private com.fasterxml.jackson.databind.JsonNode asJson(HttpResponse<byte[]> response) {
        var answer = session().json().createObjectNode();
        answer.put("status", response.statusCode());
        var headers = answer.putObject("headers");
        response.headers().map().forEach((key, values) -> {
            if (!key.startsWith(":")) {
                var list = headers.putArray(key);
                values.forEach(list::add);
            }
        });
        byte[] body = response.body();
        var decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder();
        try {
            answer.put("body", decoder.decode(java.nio.ByteBuffer.wrap(body)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            answer.put("bodyBase64", java.util.Base64.getEncoder().encodeToString(body));
        }
        return answer;
    }

    private byte[] body() throws IOException {
        if (data == null) {
            return null;
        }
        if (data.equals("-")) {
            return session().environment().stdin().readAllBytes();
        }
        if (data.startsWith("@")) {
            try {
                return Files.readAllBytes(session().environment().resolve(data.substring(1)));
            } catch (NoSuchFileException e) {
                throw new UsageProblem("--data " + data + ": no such file");
            }
        }
        return data.getBytes(StandardCharsets.UTF_8);
    }
}
