package dev.sockeye.invoker.audit;

import java.time.Duration;
import java.time.Instant;

/**
 * One finished invocation.
 *
 * @param invocationId unique per request
 * @param function the function's name
 * @param moduleSha256 the module of the version that ran
 * @param version the version's number in the policy store, 0 when not stored
 * @param method HTTP method
 * @param path the request path
 * @param status the status the client got (499 when it left first)
 * @param outcome how the guest ended: exited(code), trapped, interrupted, timeout, response-too-large, not-run
 *     (rejected before start)
 * @param started when the request arrived
 * @param duration until the response was complete
 * @param requestBytes body bytes the guest read
 * @param responseBytes body bytes the guest wrote
 */
public record InvocationRecord(
        String invocationId,
        String function,
        String moduleSha256,
        int version,
        String method,
        String path,
        int status,
        String outcome,
        Instant started,
        Duration duration,
        long requestBytes,
        long responseBytes) {}
