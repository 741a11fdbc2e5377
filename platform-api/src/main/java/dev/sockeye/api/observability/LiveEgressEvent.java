package dev.sockeye.api.observability;

import java.time.Instant;

/**
 * One egress decision as the live stream shows it, the moment the invoker reports it.
 *
 * @param decision {@code allowed}, {@code denied} or {@code would_deny} (learn mode)
 * @param kind     what the guest did: {@code lookup}, {@code connect}, {@code bind}, {@code listen}, {@code send} or
 *                 {@code receive}
 * @param rule     the rule that allowed it, if any
 * @param reason   why it was denied (or allowed)
 */
public record LiveEgressEvent(
        String function,
        Instant occurredAt,
        String decision,
        String kind,
        String destination,
        String rule,
        String reason) {}
