package dev.sockeye.invoker.wagi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a guest's CGI header block (RFC 3875 section 6) from the first bytes of its stdout: {@code Name: value}
 * lines ended by LF or CRLF, then a blank line. At least one of Content-Type, Location or Status is required.
 * Feed it bytes as they come; once the block is complete it hands back the head and the bytes after it.
 */
public final class CgiResponseParser {
    /** The result of {@link #feed}. */
    public sealed interface Result {}

    /** The block is not complete yet: feed more. */
    public record NeedMore() implements Result {}

    /** The block is complete. {@code bodyStart} is what followed the blank line in the bytes fed. */
    public record Complete(CgiResponseHead head, byte[] bodyStart) implements Result {}

    /** The guest's output is not a valid header block; {@code reason} says why, for the 502 message. */
    public record Invalid(String reason) implements Result {}

    private static final NeedMore NEED_MORE = new NeedMore();
    private static final java.util.regex.Pattern HEADER_NAME =
            java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final java.util.regex.Pattern STATUS = java.util.regex.Pattern.compile("[1-5][0-9][0-9]( .*)?");
    private final int maxHeaderBytes;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    public CgiResponseParser(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    public Result feed(byte[] bytes, int offset, int length) {
        int scanFrom = Math.max(0, seen.size() - 3);
        seen.write(bytes, offset, length);
        byte[] all = seen.toByteArray();
        int end = blankLine(all, scanFrom);
        if (end < 0) {
            return all.length > maxHeaderBytes
                    ? new Invalid("no blank line ending the header block within " + maxHeaderBytes + " bytes")
                    : NEED_MORE;
        }
        int blockEnd = end;
        int bodyFrom = all[end] == '\r' ? end + 2 : end + 1;
        Result parsed = parse(new String(all, 0, blockEnd, StandardCharsets.ISO_8859_1));
        if (parsed instanceof Complete complete) {
            byte[] body = java.util.Arrays.copyOfRange(all, bodyFrom, all.length);
            return new Complete(complete.head(), body);
        }
        return parsed;
    }

    /** What the guest wrote so far, for a message when it ended without a header block. */
    public int bytesSeen() {
        return seen.size();
    }

    /** Index of the CR or LF that starts the empty line ending the block, or -1. */
    private static int blankLine(byte[] all, int from) {
        if (all.length > 0 && all[0] == '\n' || all.length > 1 && all[0] == '\r' && all[1] == '\n') {
            return 0; // no header at all: parse reports it
        }
        for (int i = from; i < all.length; i++) {
            if (all[i] != '\n') {
                continue;
            }
            if (i + 1 < all.length && all[i + 1] == '\n') {
                return i + 1;
            }
            if (i + 2 < all.length && all[i + 1] == '\r' && all[i + 2] == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    private static Result parse(String block) {
        int status = -1;
        String reason = null;
        boolean hasLocation = false;
        boolean hasContentType = false;
        var headers = new ArrayList<Map.Entry<String, String>>();
        for (String rawLine : block.split("\n")) {
            String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return new Invalid("header line without 'Name:': " + abbreviate(line));
            }
            String name = line.substring(0, colon);
            if (!HEADER_NAME.matcher(name).matches()) {
                return new Invalid("bad header name: " + abbreviate(name));
            }
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                if (!STATUS.matcher(value).matches()) {
                    return new Invalid("Status must be a 3-digit code and optional reason: " + abbreviate(value));
                }
                status = Integer.parseInt(value.substring(0, 3));
                reason = value.length() > 4 ? value.substring(4) : null;
                continue;
            }
            hasLocation |= name.equalsIgnoreCase("Location");
            hasContentType |= name.equalsIgnoreCase("Content-Type");
            headers.add(Map.entry(name, value));
        }
        if (status < 0 && !hasLocation && !hasContentType) {
            return new Invalid("the header block has none of Content-Type, Location or Status");
        }
        if (status < 0) {
            status = hasLocation ? 302 : 200;
        }
        return new Complete(new CgiResponseHead(status, reason, List.copyOf(headers)), new byte[0]);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
