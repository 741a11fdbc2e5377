package dev.sockeye.api.functions;

import dev.sockeye.api.problems.ApiException;
import dev.sockeye.store.functions.TriggerVisibility;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the functions resource. */
public final class FunctionRequests {

    private FunctionRequests() {}

    /** Creates a function; only {@code name} is required. */
    @Schema(name = "CreateFunction", example = """
            {"name": "hello", "description": "says hello", "routes": ["/hello"],
             "limits": {"timeoutMs": 5000, "maxSockets": 2}, "visibility": "public"}""")
    public record Create(String name, String description, List<String> routes, LimitsBody limits, String visibility) {}

    /** Changes what is given and keeps the rest. */
    @Schema(name = "UpdateFunction", example = """
            {"description": "says hello politely", "routes": ["/hello", "/hi"], "limits": {"timeoutMs": 2000},
             "visibility": "private"}""")
    public record Update(String description, List<String> routes, LimitsBody limits, String visibility) {}

    static TriggerVisibility visibility(String text, TriggerVisibility fallback) {
        if (text == null) {
            return fallback;
        }
        try {
            return TriggerVisibility.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("visibility", "visibility must be 'public' or 'private', was '" + text + "'");
        }
    }

    static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
