package dev.sockeye.invoker.standalone;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SOCKEYE_LOG_FORMAT=json}: one JSON object per line per log event, with {@code timestamp}, {@code level},
 * {@code logger} and {@code message}, plus each {@code key=value} (or {@code key="quoted value"}) field of our log
 * lines ({@code event=}, {@code function=}, {@code invocation=} ...) as a string field of its own. A field named
 * like one of the four is left in the message only.
 */
public final class JsonLogFormatter extends Formatter {

    private static final Pattern FIELD = Pattern.compile("([a-z][a-z0-9_.-]*)=(\"((?:[^\"\\\\]|\\\\.)*)\"|[^\\s]*)");
    private static final Set<String> RESERVED = Set.of("timestamp", "level", "logger", "message");

    @Override
    public String format(LogRecord record) {
        String message = formatMessage(record);
        var fields = new LinkedHashMap<String, Object>();
        fields.put("timestamp", Instant.ofEpochMilli(record.getMillis()).toString());
        fields.put("level", record.getLevel().getName());
        fields.put("logger", record.getLoggerName() == null ? "" : record.getLoggerName());
        fields.put("message", message);
        Matcher field = FIELD.matcher(message);
        while (field.find()) {
            String key = field.group(1);
            if (!RESERVED.contains(key) && !fields.containsKey(key)) {
                fields.put(key, field.group(3) != null ? field.group(3).replaceAll("\\\\(.)", "$1") : field.group(2));
            }
        }
        if (record.getThrown() != null) {
            fields.put("error", String.valueOf(record.getThrown()));
        }
        // Vert.x's encoder (Jackson) escapes; the map keeps the order above.
        return new JsonObject(fields).encode() + "\n";
    }

    /**
     * Applies {@code SOCKEYE_LOG_FORMAT} ({@code text}, the default, or {@code json}) to the root logger's handlers.
     *
     * @throws IllegalArgumentException naming the variable for any other value
     */
    static void apply(String format) {
        if (format == null || format.isBlank() || format.strip().equals("text")) {
            return;
        }
        if (!format.strip().equals("json")) {
            throw new IllegalArgumentException("SOCKEYE_LOG_FORMAT must be text or json, was '" + format + "'");
        }
        var formatter = new JsonLogFormatter();
        for (var handler : java.util.logging.Logger.getLogger("").getHandlers()) {
            handler.setFormatter(formatter);
        }
    }
}
