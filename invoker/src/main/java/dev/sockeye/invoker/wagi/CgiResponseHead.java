package dev.sockeye.invoker.wagi;

import java.util.List;
import java.util.Map;

/**
 * The header block a guest wrote: the HTTP status and the headers to send, in order.
 *
 * @param status from {@code Status}, else 302 when there is a {@code Location}, else 200
 * @param reason the reason phrase of {@code Status}, or null for the standard one
 * @param headers every other header, as written
 */
public record CgiResponseHead(int status, String reason, List<Map.Entry<String, String>> headers) {}
