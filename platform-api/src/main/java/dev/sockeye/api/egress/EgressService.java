package dev.sockeye.api.egress;

import dev.sockeye.api.problems.ApiException;
import dev.sockeye.api.triggers.EmbeddedInvoker;
import dev.sockeye.sockets.egress.CheckResult;
import dev.sockeye.sockets.egress.Destination;
import dev.sockeye.sockets.egress.InvalidEgressRuleException;
import dev.sockeye.sockets.egress.Transport;
import dev.sockeye.store.PolicyStore;
import dev.sockeye.store.egress.PolicyMode;
import dev.sockeye.store.egress.PolicyRevision;
import dev.sockeye.store.errors.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Egress policies: every write is checked with the sandbox's rule parser and names the revision it is based on
 * (409 if someone wrote in between). Single-rule edits and mode changes without a revision are based on the
 * revision read just before.
 */
@ApplicationScoped
public class EgressService {

    @Inject
    PolicyStore store;

    @Inject
    EmbeddedInvoker invoker;

    public EgressBodies.PolicyView get(String function) {
        return EgressBodies.PolicyView.of(store.egressPolicies().get(function));
    }

    /**
     * What {@link #replace} would make of the request, without writing: the rules checked (422 listing each that
     * does not parse), their warnings, the mode; the revision stays the current one.
     */
    public EgressBodies.PolicyView dryRun(String function, EgressBodies.Replace request) {
        if (request == null) {
            throw ApiException.badRequest("body", "a JSON body with rules (and mode) is required");
        }
        EgressRules.requireValid(request.rules());
        PolicyRevision current = store.egressPolicies().get(function);
        PolicyMode mode = request.mode() == null ? current.mode() : mode(request.mode());
        return new EgressBodies.PolicyView(
                function,
                request.rules().stream().map(String::strip).toList(),
                EgressBodies.label(mode),
                current.revision(),
                current.updatedAt(),
                current.updatedBy(),
                EgressRules.warnings(request.rules()));
    }

    public EgressBodies.PolicyView replace(String function, EgressBodies.Replace request, String actor) {
        if (request == null) {
            throw ApiException.badRequest("body", "a JSON body with rules, mode and revision is required");
        }
        if (request.revision() == null) {
            throw ApiException.badRequest(
                    "revision",
                    "revision is required: the revision this policy is based on "
                            + "(GET it first); a write based on an older one gets 409");
        }
        EgressRules.requireValid(request.rules());
        PolicyRevision current = store.egressPolicies().get(function);
        PolicyMode mode = request.mode() == null ? current.mode() : mode(request.mode());
        store.egressPolicies().replace(function, request.rules(), mode, request.revision(), actor);
        invoker.follow(function);
        return get(function);
    }

    public EgressBodies.PolicyView addRule(String function, EgressBodies.AddRule request, String actor) {
        if (request == null || request.rule() == null) {
            throw ApiException.badRequest("rule", "rule is required");
        }
        EgressRules.requireValid(List.of(request.rule()));
        PolicyRevision current = store.egressPolicies().get(function);
        List<String> rules = new ArrayList<>(current.rules());
        if (!rules.contains(request.rule().strip())) {
            rules.add(request.rule().strip());
        }
        return write(function, rules, current.mode(), request.revision(), current, actor);
    }

    /**
     * Adds the narrowest rule that admits exactly {@code destination} (one protocol, host or address, and port, as
     * a denial reports it), unless the rules already hold it; says which rule that is.
     */
    public EgressBodies.Allowed allow(String function, EgressBodies.Allow request, String actor) {
        if (request == null
                || request.destination() == null
                || request.destination().isBlank()) {
            throw ApiException.badRequest(
                    "destination", "destination is required, written as a denial reports it: tcp://10.0.0.5:5432");
        }
        String text = request.destination().strip();
        if (text.startsWith("dns:")) {
            throw ApiException.badRequest(
                    "destination",
                    "a denied lookup (" + text + ") names no port or protocol, so no single rule admits exactly it; "
                            + "add a rule such as tcp://" + text.substring(4) + ":443 instead");
        }
        Destination destination;
        try {
            destination = Destination.parse(text);
        } catch (InvalidEgressRuleException e) {
            throw ApiException.badRequest("destination", e.getMessage());
        }
        String rule = destination.toString();
        PolicyRevision current = store.egressPolicies().get(function);
        if (current.rules().contains(rule)) {
            return new EgressBodies.Allowed(rule, false, get(function));
        }
        EgressBodies.PolicyView policy = addRule(function, new EgressBodies.AddRule(rule, request.revision()), actor);
        return new EgressBodies.Allowed(rule, true, policy);
    }

    public EgressBodies.PolicyView removeRule(String function, String rule, Long revision, String actor) {
        if (rule == null) {
            throw ApiException.badRequest("rule", "the query parameter rule is required");
        }
        PolicyRevision current = store.egressPolicies().get(function);
        List<String> rules = new ArrayList<>(current.rules());
        if (!rules.remove(rule.strip())) {
            throw new StoreException.NotFound("the policy of function '" + function + "' has no rule \"" + rule + "\"");
        }
        return write(function, rules, current.mode(), revision, current, actor);
    }

    public EgressBodies.PolicyView setMode(String function, EgressBodies.Mode request, String actor) {
        if (request == null || request.mode() == null) {
            throw ApiException.badRequest("mode", "mode is required: enforce or learn");
        }
        PolicyMode mode = mode(request.mode());
        PolicyRevision current = store.egressPolicies().get(function);
        return write(function, current.rules(), mode, request.revision(), current, actor);
    }

    public List<EgressBodies.HistoryEntry> history(String function) {
        return store.egressPolicies().history(function).stream()
                .map(EgressBodies.HistoryEntry::of)
                .toList();
    }

    /** Would the function's current rules let it reach the destination, and by which rule (or why not)? */
    public EgressBodies.CheckAnswer check(String function, EgressBodies.Check request) {
        Destination destination = destination(request);
        var policy = dev.sockeye.sockets.egress.EgressPolicy.parse(
                store.egressPolicies().get(function).rules());
        CheckResult result = policy.check(destination);
        return new EgressBodies.CheckAnswer(
                destination.toString(),
                result.allowed(),
                result.rule() == null ? null : result.rule().toString(),
                result.reason());
    }

    private EgressBodies.PolicyView write(
            String function, List<String> rules, PolicyMode mode, Long revision, PolicyRevision current, String actor) {
        long basedOn = revision == null ? current.revision() : revision;
        store.egressPolicies().replace(function, rules, mode, basedOn, actor);
        invoker.follow(function);
        return get(function);
    }

    static PolicyMode mode(String text) {
        try {
            return PolicyMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("mode", "mode must be 'enforce' or 'learn', was '" + text + "'");
        }
    }

    private static Destination destination(EgressBodies.Check request) {
        if (request == null) {
            throw ApiException.badRequest("body", "a JSON body with destination, or host and port, is required");
        }
        if (request.destination() != null) {
            try {
                return Destination.parse(request.destination());
            } catch (InvalidEgressRuleException e) {
                throw ApiException.badRequest("destination", e.getMessage());
            }
        }
        if (request.host() == null || request.host().isBlank()) {
            throw ApiException.badRequest("host", "host (a name or an IP address) is required");
        }
        if (request.port() == null || request.port() < 1 || request.port() > 65_535) {
            throw ApiException.badRequest("port", "port must be 1-65535, was " + request.port());
        }
        Transport transport = transport(request.protocol());
        String host = request.host().strip();
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return Destination.address(transport, InetAddress.ofLiteral(literal), request.port());
        } catch (IllegalArgumentException notAnAddress) {
            return Destination.name(transport, host, request.port());
        }
    }

    private static Transport transport(String protocol) {
        if (protocol == null) {
            return Transport.TCP;
        }
        try {
            return Transport.valueOf(protocol.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("protocol", "protocol must be 'tcp' or 'udp', was '" + protocol + "'");
        }
    }
}
