package dev.sockeye.api.observability;

import dev.sockeye.api.config.SockeyeConfig;
import dev.sockeye.api.problems.ApiException;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.audit.EgressEventQuery;
import dev.sockeye.store.errors.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Reads of the audit trail: invocations, egress events and usage, with paging and filters checked here. */
@ApplicationScoped
public class AuditService {

    private static final Duration DEFAULT_USAGE_WINDOW = Duration.ofDays(1);

    @Inject
    PolicyStore store;

    @Inject
    SockeyeConfig config;

    public AuditViews.Page<AuditViews.Invocation> invocations(
            String function, String status, Integer offset, Integer limit) {
        store.functions().get(function);
        int from = offset(offset);
        int size = limit(limit);
        var rows = store.auditLog().invocations(function, Optional.ofNullable(status), from, size + 1);
        return AuditViews.Page.of(
                rows.stream().map(AuditViews.Invocation::summary).toList(), from, size);
    }

    /** The newest invocations of these functions, each with its stderr tail, in one query (for lists that show tails). */
    public List<AuditViews.Invocation> recentWithStderr(Collection<String> functions, int limit) {
        return store.auditLog().recentInvocations(functions, limit).stream()
                .map(AuditViews.Invocation::full)
                .toList();
    }

    public AuditViews.Invocation invocation(String id) {
        return store.auditLog()
                .invocation(invocationId(id))
                .map(AuditViews.Invocation::full)
                .orElseThrow(() -> new StoreException.NotFound("no invocation " + id));
    }

    /** Every egress decision of an invocation in order, allowed or denied: its egress timeline. */
    public List<AuditViews.EgressStep> egressTimeline(String id) {
        UUID uuid = invocationId(id);
        var steps = store.auditLog().egressDecisions(uuid).stream()
                .map(AuditViews.EgressStep::of)
                .toList();
        if (steps.isEmpty() && store.auditLog().invocation(uuid).isEmpty()) {
            throw new StoreException.NotFound("no invocation " + id);
        }
        return steps;
    }

    private static UUID invocationId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("id", "invocation id must be a UUID, was '" + id + "'");
        }
    }

    public AuditViews.Page<AuditViews.Egress> egressEvents(
            String function, String decision, String since, String until, Integer offset, Integer limit) {
        int from = offset(offset);
        int size = limit(limit);
        var query = new EgressEventQuery(
                Optional.ofNullable(function),
                Optional.ofNullable(decision(decision)),
                Optional.ofNullable(instant("since", since)),
                Optional.ofNullable(instant("until", until)),
                from,
                size + 1);
        return AuditViews.Page.of(
                store.auditLog().egressEvents(query).stream()
                        .map(AuditViews.Egress::of)
                        .toList(),
                from,
                size);
    }

    public AuditViews.Usage usage(String function, String since) {
        store.functions().get(function);
        Instant from = Optional.ofNullable(instant("since", since))
                .orElse(Instant.now().minus(DEFAULT_USAGE_WINDOW));
        return AuditViews.Usage.of(store.auditLog().usage(function, from));
    }

    static EgressEventQuery.Decision decision(String text) {
        if (text == null) {
            return null;
        }
        try {
            return EgressEventQuery.Decision.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("decision", "decision must be 'allowed' or 'denied', was '" + text + "'");
        }
    }

    private static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    field, field + " must be an ISO-8601 instant like 2026-11-24T00:00:00Z, was '" + text + "'");
        }
    }

    private static int offset(Integer offset) {
        if (offset != null && offset < 0) {
            throw ApiException.badRequest("offset", "offset must be >= 0, was " + offset);
        }
        return offset == null ? 0 : offset;
    }

    private int limit(Integer limit) {
        int max = config.audit().maxPageSize();
        if (limit != null && (limit < 1 || limit > max)) {
            throw ApiException.badRequest("limit", "limit must be 1-" + max + ", was " + limit);
        }
        return limit == null ? config.audit().defaultPageSize() : limit;
    }
}
