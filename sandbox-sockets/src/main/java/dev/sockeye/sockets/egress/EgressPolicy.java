package dev.sockeye.sockets.egress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A function's egress policy: its rules, its mode and the operator's settings. Immutable, so a guard can read the
 * current one at every decision and a replaced policy applies to the next decision. Rules are indexed by kind of
 * host so that a decision does not scan every rule.
 *
 * <p>When several rules allow a destination, the one reported is the most specific: an exact name before the
 * closest {@code *.} wildcard before {@code *}; for addresses, the first IP or CIDR rule in policy order, then
 * {@code *}.
 */
public final class EgressPolicy {
    private static final EgressPolicy DENY_ALL =
            new EgressPolicy(List.of(), EgressMode.ENFORCE, EgressOperatorConfig.defaults());

    private final List<EgressRule> rules;
    private final EgressMode mode;
    private final EgressOperatorConfig operatorConfig;

    private final Map<String, List<EgressRule>> exactNameRules = new HashMap<>();
    private final Map<String, List<EgressRule>> subdomainRules = new HashMap<>();
    private final List<EgressRule> anyHostRules = new ArrayList<>();
    private final List<EgressRule> addressRules = new ArrayList<>();
    private final List<IpBlock> addressBlocks = new ArrayList<>();
    private final List<EgressRule> listenRules = new ArrayList<>();

    private EgressPolicy(List<EgressRule> rules, EgressMode mode, EgressOperatorConfig operatorConfig) {
        this.rules = List.copyOf(rules);
        this.mode = Objects.requireNonNull(mode, "mode");
        this.operatorConfig = Objects.requireNonNull(operatorConfig, "operatorConfig");
        for (EgressRule rule : this.rules) {
            index(rule);
        }
    }

    private void index(EgressRule rule) {
        if (rule.isListen()) {
            listenRules.add(rule);
            return;
        }
        switch (rule.host()) {
            case HostPattern.AnyHost any -> anyHostRules.add(rule);
            case HostPattern.ExactName(String name) ->
                exactNameRules.computeIfAbsent(name, n -> new ArrayList<>()).add(rule);
            case HostPattern.Subdomains(String parent) ->
                subdomainRules.computeIfAbsent(parent, n -> new ArrayList<>()).add(rule);
            case HostPattern.AddressBlock(IpBlock block) -> {
                addressRules.add(rule);
                addressBlocks.add(block);
            }
        }
    }

    /** A policy of already parsed rules. */
    public static EgressPolicy of(List<EgressRule> rules, EgressMode mode, EgressOperatorConfig operatorConfig) {
        return new EgressPolicy(rules, mode, operatorConfig);
    }

    /**
     * Parses every rule; if any is bad, throws one exception listing each bad rule's message.
     *
     * @throws InvalidEgressPolicyException listing every rule that does not parse
     */
    public static EgressPolicy parse(List<String> ruleTexts, EgressMode mode, EgressOperatorConfig operatorConfig) {
        var parsed = new ArrayList<EgressRule>();
        var problems = new ArrayList<InvalidEgressRuleException>();
        for (String text : ruleTexts) {
            try {
                parsed.add(EgressRule.parse(text));
            } catch (InvalidEgressRuleException e) {
                problems.add(e);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidEgressPolicyException(problems);
        }
        return new EgressPolicy(parsed, mode, operatorConfig);
    }

    /** Parses {@code ruleTexts} in enforce mode under the default operator config. */
    public static EgressPolicy parse(List<String> ruleTexts) {
        return parse(ruleTexts, EgressMode.ENFORCE, EgressOperatorConfig.defaults());
    }

    /** The policy with no rules: nothing is reachable. */
    public static EgressPolicy denyAll() {
        return DENY_ALL;
    }

    /** This policy's rules in another mode. */
    public EgressPolicy withMode(EgressMode newMode) {
        return new EgressPolicy(rules, newMode, operatorConfig);
    }

    /** This policy's rules under other operator settings. */
    public EgressPolicy withOperatorConfig(EgressOperatorConfig newConfig) {
        return new EgressPolicy(rules, mode, newConfig);
    }

    /** The rules, in the order given. */
    public List<EgressRule> rules() {
        return rules;
    }

    /** Enforce (the default) or learn. */
    public EgressMode mode() {
        return mode;
    }

    /** The operator settings this policy is judged under. */
    public EgressOperatorConfig operatorConfig() {
        return operatorConfig;
    }

    /** One line per rule that deserves a second look ({@link EgressRule#warning()}), for the API and console. */
    public List<String> warnings() {
        return rules.stream()
                .filter(rule -> rule.warning() != null)
                .map(rule -> "rule \"" + rule.text() + "\" " + rule.warning())
                .toList();
    }

    /**
     * Would the guest be allowed to reach {@code destination}, and by which rule? Pure: resolves nothing and
     * ignores the mode. A name is judged by the name rules alone (its addresses are checked against special ranges
     * only once resolved); an address exactly as the guard judges a connect to an address that no lookup pinned.
     */
    public CheckResult check(Destination destination) {
        if (destination.kind() == Destination.Kind.LISTEN) {
            Ip local = destination.address() == null ? null : Ip.of(destination.address());
            return checkListen(local, destination.port());
        }
        if (destination.hostName() != null) {
            String name = HostNames.canonicalName(destination.hostName());
            if (name == null) {
                return CheckResult.denied(notCanonical(destination.hostName()));
            }
            EgressRule rule = nameRule(name, destination.transport(), destination.port());
            return rule == null
                    ? CheckResult.denied(noRuleFor(name, destination.transport(), destination.port()))
                    : CheckResult.allowedBy(
                            rule,
                            (rule.scheme().requiresHostTls()
                                            ? "name allowed only with host TLS and a certificate valid for it"
                                            : "name allowed")
                                    + "; its resolved addresses must lie outside special ranges");
        }
        return checkAddress(Ip.of(destination.address()).reached(), destination.transport(), destination.port());
    }

    // ---- the matching the guard shares with check(); package-private ----

    /**
     * The most specific rule allowing {@code transport} to {@code port} of the canonical {@code name}, or null; a
     * rule that needs no host TLS before any {@code tls://} rule.
     */
    EgressRule nameRule(String name, Transport transport, int port) {
        EgressRule tlsOnly = null;
        for (List<EgressRule> level : hostLevels(name)) {
            EgressRule rule = firstAllowing(level, transport, port);
            if (rule != null && !rule.scheme().requiresHostTls()) {
                return rule;
            }
            tlsOnly = tlsOnly == null ? rule : tlsOnly;
        }
        return tlsOnly;
    }

    /** The rules whose host matches the canonical {@code name}, most specific level first: exact, parents, {@code *}. */
    private List<List<EgressRule>> hostLevels(String name) {
        var levels = new ArrayList<List<EgressRule>>();
        levels.add(exactNameRules.getOrDefault(name, List.of()));
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            levels.add(subdomainRules.getOrDefault(name.substring(dot + 1), List.of()));
        }
        levels.add(anyHostRules);
        return levels;
    }

    /** Every rule whose host matches the canonical {@code name}, most specific first; empty if it may not be looked up. */
    List<EgressRule> rulesForName(String name) {
        var matching = new ArrayList<EgressRule>();
        hostLevels(name).forEach(matching::addAll);
        return matching;
    }

    /** Whether the policy has a {@code *} host rule (which also reaches addresses outside the special ranges). */
    boolean mayLookUpAnyName() {
        return !anyHostRules.isEmpty();
    }

    /** The IP or CIDR rule allowing {@code transport} to {@code port} of {@code ip} directly, or null. */
    EgressRule addressRule(Ip ip, Transport transport, int port) {
        for (int i = 0; i < addressRules.size(); i++) {
            EgressRule rule = addressRules.get(i);
            if (rule.allowsService(transport, port) && addressBlocks.get(i).contains(ip)) {
                return rule;
            }
        }
        return null;
    }

    /** Whether some IP or CIDR rule names {@code ip}, whatever its port and protocol. */
    boolean addressNamed(Ip ip) {
        for (IpBlock block : addressBlocks) {
            if (block.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** Why name rules may not reach {@code ip} (deny list aside), or null if they may. */
    String specialRangeRefusal(Ip ip) {
        if (operatorConfig.allowSpecialRangesForNames()) {
            return null;
        }
        String range = SpecialAddresses.rangeOf(ip);
        return range == null ? null : "special range " + range + " is refused for name rules";
    }

    /** Why the operator's deny list refuses {@code ip}, or null. */
    String denyListRefusal(Ip ip) {
        IpBlock entry = operatorConfig.denyEntryFor(ip);
        return entry == null ? null : "operator deny list " + entry;
    }

    /** A connect or send to an address no lookup pinned: deny list, then IP/CIDR rules, then {@code *}. */
    CheckResult checkAddress(Ip ip, Transport transport, int port) {
        String denied = denyListRefusal(ip);
        if (denied != null) {
            return CheckResult.denied(denied);
        }
        EgressRule rule = directRule(ip, transport, port);
        if (rule != null) {
            return CheckResult.allowedBy(
                    rule,
                    (rule.isBroad() ? "any host allowed" : "address allowed by an IP rule")
                            + (rule.scheme().requiresHostTls() ? ", only with host TLS" : ""));
        }
        return CheckResult.denied(addressRefusal(ip, transport, port));
    }

    /**
     * The rule allowing {@code transport} to {@code port} of {@code ip} without a lookup (an IP or CIDR rule, or
     * {@code *} outside the special ranges), or null. The deny list is the caller's to check first. Builds no
     * strings, since it runs on every connect.
     */
    EgressRule directRule(Ip ip, Transport transport, int port) {
        EgressRule rule = addressRule(ip, transport, port);
        if (rule != null) {
            return rule;
        }
        EgressRule any = firstAllowing(anyHostRules, transport, port);
        return any != null && specialRangeRefusal(ip) == null ? any : null;
    }

    /** Why {@link #directRule} found nothing. */
    String addressRefusal(Ip ip, Transport transport, int port) {
        String special = firstAllowing(anyHostRules, transport, port) != null ? specialRangeRefusal(ip) : null;
        return special != null
                ? special
                : "no IP or CIDR rule allows " + transport.label() + " port " + port + " of " + ip
                        + ", and no allowed lookup pinned it";
    }

    /** A bind of a non-zero port, or a listen: deny list, then the listen rules. */
    CheckResult checkListen(Ip local, int port) {
        String denied = local == null ? null : denyListRefusal(local);
        if (denied != null) {
            return CheckResult.denied(denied);
        }
        boolean anyLocal = local == null || (local.hi() == 0 && local.lo() == 0);
        for (EgressRule rule : listenRules) {
            if (!rule.ports().allows(port)) {
                continue;
            }
            if (rule.host() instanceof HostPattern.AnyHost) {
                return CheckResult.allowedBy(rule, "listen granted");
            }
            if (!anyLocal && rule.host() instanceof HostPattern.AddressBlock(IpBlock block) && block.contains(local)) {
                return CheckResult.allowedBy(rule, "listen granted");
            }
        }
        return CheckResult.denied(
                "no listen rule grants port " + port + (anyLocal ? " on every local address" : " on " + local));
    }

    static String notCanonical(String name) {
        return "\"" + name + "\" is not a canonical host name, so no rule matches it";
    }

    static String noRuleFor(String name, Transport transport, int port) {
        return "no rule allows " + transport.label() + " port " + port + " of " + name;
    }

    /**
     * The first candidate allowing {@code transport} to {@code port}, preferring a rule that needs no host TLS: a
     * {@code tls://} rule is reported only when no other rule of the same specificity allows the connection.
     */
    private static EgressRule firstAllowing(List<EgressRule> candidates, Transport transport, int port) {
        if (candidates == null) {
            return null;
        }
        EgressRule tlsOnly = null;
        for (EgressRule rule : candidates) {
            if (rule.allowsService(transport, port)) {
                if (!rule.scheme().requiresHostTls()) {
                    return rule;
                }
                tlsOnly = tlsOnly == null ? rule : tlsOnly;
            }
        }
        return tlsOnly;
    }

    /** The most specific {@code tls://} rule allowing TCP to {@code port} of the canonical {@code name}, or null. */
    EgressRule tlsRule(String name, int port) {
        for (EgressRule rule : rulesForName(name)) {
            if (rule.scheme().requiresHostTls() && rule.allowsService(Transport.TCP, port)) {
                return rule;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "EgressPolicy[mode=" + mode.name().toLowerCase(java.util.Locale.ROOT) + ", rules=" + rules + "]";
    }
}
