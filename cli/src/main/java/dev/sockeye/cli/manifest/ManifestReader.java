package dev.sockeye.cli.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.toml.TomlStreamReadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code sockeye.toml} with a real TOML parser and checks every key: an unknown key, a value of the wrong type
 * or a missing required key is one {@link ManifestException} naming the file, line and key (docs/manifest.md lists
 * the keys).
 */
public final class ManifestReader {

    public static final String FILE_NAME = "sockeye.toml";

    /** TOML keys of {@code [limits]} and the API field each one sets. */
    static final Map<String, String> LIMITS = Map.of(
            "timeout-ms", "timeoutMs",
            "memory-pages", "memoryPages",
            "max-concurrency", "maxConcurrency",
            "max-sockets", "maxSockets",
            "max-request-bytes", "maxRequestBytes",
            "max-response-bytes", "maxResponseBytes",
            "max-egress-bytes", "maxEgressBytes");

    private static final Set<String> TOP_LEVEL = Set.of(
            "name",
            "description",
            "module",
            "files",
            "args",
            "env",
            "routes",
            "visibility",
            "limits",
            "egress",
            "egress-mode");

    private final Path file;
    private final List<String> lines;

    private ManifestReader(Path file, List<String> lines) {
        this.file = file;
        this.lines = lines;
    }

    public static Manifest read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ManifestException(
                    file + ": no such file (write a " + FILE_NAME + ", pass -f FILE, or deploy NAME module.wasm)");
        } catch (IOException e) {
            throw new ManifestException(file + ": cannot be read: " + e.getMessage());
        }
        return new ManifestReader(file, text.lines().toList()).parse(text);
    }

    private Manifest parse(String text) {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (TomlStreamReadException e) {
            JsonLocation where = e.getLocation();
            String line = where == null || where.getLineNr() < 1 ? "" : ":" + where.getLineNr();
            throw new ManifestException(file + line + ": not valid TOML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ManifestException(file + ": not valid TOML: " + e.getMessage());
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!TOP_LEVEL.contains(key)) {
                throw error(
                        key, null, "unknown key '" + key + "' (known: " + String.join(", ", sorted(TOP_LEVEL)) + ")");
            }
        }
        String name = string(root, "name", true);
        Path base = file.toAbsolutePath().getParent();
        String module = string(root, "module", true);
        String files = string(root, "files", false);
        return new Manifest(
                name,
                string(root, "description", false),
                base.resolve(module),
                files == null ? null : base.resolve(files),
                strings(root, "args"),
                env(root),
                root.has("routes") ? strings(root, "routes") : null,
                oneOf(root, "visibility", Set.of("public", "private")),
                limits(root),
                root.has("egress") ? strings(root, "egress") : null,
                oneOf(root, "egress-mode", Set.of("enforce", "learn")));
    }

    private String string(JsonNode root, String key, boolean required) {
        JsonNode value = root.get(key);
        if (value == null) {
            if (required) {
                throw new ManifestException(file + ": the key '" + key + "' is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw error(key, null, "'" + key + "' must be a non-empty string");
        }
        return value.asText();
    }

    private String oneOf(JsonNode root, String key, Set<String> allowed) {
        String value = string(root, key, false);
        if (value != null && !allowed.contains(value.toLowerCase(Locale.ROOT))) {
            throw error(
                    key,
                    null,
                    "'" + key + "' must be " + String.join(" or ", sorted(allowed)) + ", was '" + value + "'");
        }
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private List<String> strings(JsonNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw error(key, null, "'" + key + "' must be an array of strings, like " + key + " = [\"...\"]");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw error(key, null, "'" + key + "' must be an array of strings; " + item + " is not a string");
            }
            items.add(item.asText());
        }
        return items;
    }

    private Map<String, String> env(JsonNode root) {
        JsonNode value = root.get("env");
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw error("env", null, "'env' must be a table of strings: [env] then NAME = \"value\" lines");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw error(entry.getKey(), "env", "env." + entry.getKey() + " must be a string (quote it)");
            }
            env.put(entry.getKey(), entry.getValue().asText());
        }
        return env;
    }

    private Map<String, Long> limits(JsonNode root) {
        JsonNode value = root.get("limits");
        if (value == null) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw error("limits", null, "'limits' must be a table: [limits] then key = number lines");
        }
        Map<String, Long> limits = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String apiField = LIMITS.get(entry.getKey());
            if (apiField == null) {
                throw error(
                        entry.getKey(),
                        "limits",
                        "unknown key 'limits." + entry.getKey() + "' (known: "
                                + String.join(", ", sorted(LIMITS.keySet())) + ")");
            }
            if (!entry.getValue().isIntegralNumber() || entry.getValue().asLong() <= 0) {
                throw error(entry.getKey(), "limits", "limits." + entry.getKey() + " must be a positive integer");
            }
            limits.put(apiField, entry.getValue().asLong());
        }
        return limits;
    }

    /** The error with the line where {@code key} is set (in {@code [table]} when given), if it can be found. */
    private ManifestException error(String key, String table, String message) {
        int line = lineOf(key, table);
        return new ManifestException(file + (line > 0 ? ":" + line : "") + ": " + message);
    }

    private int lineOf(String key, String table) {
        Pattern assignment = Pattern.compile("^\\s*\"?" + Pattern.quote(key) + "\"?\\s*=.*");
        Pattern header = Pattern.compile("^\\s*\\[\\s*" + Pattern.quote(key) + "\\s*]\\s*(#.*)?$");
        Pattern tableHeader =
                table == null ? null : Pattern.compile("^\\s*\\[\\s*" + Pattern.quote(table) + "\\s*]\\s*(#.*)?$");
        String currentTable = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.matches("^\\s*\\[.*")) {
                if (table == null && header.matcher(line).matches()) {
                    return i + 1;
                }
                currentTable = tableHeader != null && tableHeader.matcher(line).matches() ? table : "other";
                continue;
            }
            boolean inTable = table == null ? currentTable == null : table.equals(currentTable);
            if (inTable && assignment.matcher(line).matches()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
